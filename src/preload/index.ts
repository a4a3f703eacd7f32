import { apiMethods, apiPushes } from '../shared/api/api-names';
import { exposeRingsideClient } from './bridge';

// The console window gets the whole renderer API.
exposeRingsideClient(apiMethods, apiPushes);
