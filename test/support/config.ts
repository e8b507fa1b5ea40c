import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.ts';

/** The message with which start-up refuses `env`; fails the test when the configuration is accepted. */
export function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}
