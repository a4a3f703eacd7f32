import { apiMethods, apiPushes } from '../shared/api/contract';
import { exposeRingsideClient } from './bridge';

// The console window gets the whole renderer API.
exposeRingsideClient(apiMethods, apiPushes);
