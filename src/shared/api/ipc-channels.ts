import type { ApiMethod, ApiPush } from './contract';

/** The two Electron IPC channels; every API call and push goes through them. */
export const IPC_INVOKE = 'ringside:invoke';
export const IPC_PUSH = 'ringside:push';

/** The caller card window's smaller API (checked in the preload and again in main). */
export const CARD_WINDOW_METHODS: readonly ApiMethod[] = ['calls.live', 'card.pin', 'card.dismiss', 'link.status', 'quickbooks.status', 'quickbooks.createCustomerFromCaller', 'devices.me', 'customers.save', 'callNotes.forCall', 'callNotes.add', 'callNotes.setDisposition'];
export const CARD_WINDOW_PUSHES: readonly ApiPush[] = ['card.updated', 'card.dismissed', 'link.statusChanged', 'quickbooks.statusChanged', 'data.changed'];
