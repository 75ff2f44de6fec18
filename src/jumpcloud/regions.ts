import type { Region } from '../contract';

/** Directory Insights API origins per JumpCloud data centre (JumpCloud-Serverless JcRegion mapping). */
export const REGION_ORIGINS: Readonly<Record<Region, string>> = {
  us: 'https://api.jumpcloud.com',
  eu: 'https://api.eu.jumpcloud.com',
  in: 'https://api.in.jumpcloud.com',
};

/** JumpCloud's admin OAuth token endpoint for service accounts (the same for every region). */
export const OAUTH_TOKEN_URL = 'https://admin-oauth.id.jumpcloud.com/oauth2/token';

export const EVENTS_PATH = '/insights/directory/v1/events';
export const COUNT_PATH = '/insights/directory/v1/events/count';
export const TOKEN_PATH = '/oauth2/token';
