// The relay's REST calls live with the console's one outbound HTTP client.
export { postConsoleEvent, RelayRequestError } from '../http/relay-rest-client';
