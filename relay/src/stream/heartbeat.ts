/**
 * Heartbeat decision for one stream peer, taken at every tick of the heartbeat timer:
 * a peer that has sent nothing (no pong, no frame) since the previous ping is dead.
 */
export interface PeerLiveness {
  /** A ping was sent at the previous tick. */
  pingOutstanding: boolean;
  /** A pong or any other frame arrived since that ping. */
  heardSincePing: boolean;
}

export type HeartbeatAction = 'ping' | 'terminate';

export function decideHeartbeat(peer: PeerLiveness): HeartbeatAction {
  return peer.pingOutstanding && !peer.heardSincePing ? 'terminate' : 'ping';
}
