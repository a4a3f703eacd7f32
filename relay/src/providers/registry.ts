import { flutterwaveProvider } from './flutterwave/provider';
import { mightyCallProvider } from './mightycall/provider';
import { openPhoneProvider } from './openphone/provider';
import { quickBooksProvider } from './quickbooks/provider';
import { twilioProvider } from './twilio/provider';
import { vapiProvider } from './vapi/provider';
import type { WebhookProviderDefinition } from './webhook-provider';

/** Every provider the relay serves at /webhooks/<name>. Adding one: its folder, and one line here. */
export const WEBHOOK_PROVIDERS: readonly WebhookProviderDefinition[] = [openPhoneProvider, quickBooksProvider, twilioProvider, vapiProvider, mightyCallProvider, flutterwaveProvider];
