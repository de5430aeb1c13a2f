import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Resource } from '@registry/application';

export const POLICY_KEY = 'registry:access-policy';

/**
 * What the route gives access to; the global AccessGuard checks the caller's roles against the policy table
 * (libs/application security/access-policy.ts). Also published in the OpenAPI document as
 * `x-access-policy`. A route without one is closed to everybody.
 */
export const Policy = (resource: Resource) =>
  applyDecorators(
    SetMetadata(POLICY_KEY, resource),
    ApiExtension('x-access-policy', resource),
    ...(resource === 'public' ? [] : [ApiBearerAuth()]),
  );
