import { CARD_WINDOW_METHODS, CARD_WINDOW_PUSHES } from '../shared/api/ipc-channels';
import { exposeRingsideClient } from './bridge';

// The always-on-top caller card window gets only what it needs to show and pin a card.
exposeRingsideClient(CARD_WINDOW_METHODS, CARD_WINDOW_PUSHES);
