import * as fs from 'node:fs';
import { packagePath } from './paths';

export interface FormField {
  key: string;
  label: string;
  type: 'text' | 'ip' | 'password' | 'json';
  required: boolean;
  placeholder?: string;
  default?: string;
  help: string;
  masked?: boolean;
}

export interface Manifest {
  id: string;
  name: string;
  version: string;
  vendor: string;
  category: string;
  description: { short: string; long: string };
  icon: string;
  entry: string;
  hooks: string[];
  schemas: Record<'device' | 'config' | 'checkpoint' | 'event', string>;
  network: Array<{ protocol: string; port: number; hosts: string[]; purpose: string }>;
  form: FormField[];
  verification: string;
  notes: string[];
}

export const manifest: Manifest = JSON.parse(fs.readFileSync(packagePath('manifest.json'), 'utf8')) as Manifest;
