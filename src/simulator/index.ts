export { startSimulator } from './server';
export type { Simulator, SimulatorOptions, SimulatorStats, RequestLogEntry } from './server';
export type { SimulatorTenant } from './tenants';
export type { Fault, FaultRule, FaultEndpoint } from './faults';
export type { AuthKind } from './auth';
export { generateEvents } from './events';
export type { GenerateOptions } from './events';
export { SERVICE_NAMES } from './services';
