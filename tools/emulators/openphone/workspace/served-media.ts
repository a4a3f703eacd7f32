import { recordingPath, voicemailPath } from '../artifact-payloads';
import { grayJpeg, silentMp3, type MediaHost } from '../media-host';
import { mmsPath } from '../message-script';
import type { Workspace } from './workspace';

/**
 * Puts every recording, voicemail and photo a workspace still hands out on a media host,
 * so a relay importing it downloads them as it would from OpenPhone's storage. One small
 * file of each kind serves for all (the relay stores media by its hash: a big workspace
 * costs little disk). Build the workspace with `mediaBaseUrl: (path) => host.signedUrl(path)`.
 */
export function serveWorkspaceMedia(workspace: Workspace, host: MediaHost): Workspace {
  const audio = silentMp3(1, 'workspace audio');
  const photo = grayJpeg('workspace photo');
  for (const conversation of workspace.conversationsNewestFirst()) {
    for (const call of conversation.participants.length === 1 ? workspace.callsOf(conversation.phoneNumberId, conversation.participants[0]!) : []) {
      const artifacts = workspace.artifactsOf(call.id)!;
      if (artifacts.recordings.some((recording) => recording.url !== null)) host.put(recordingPath(call.id), 'audio/mpeg', audio);
      if (artifacts.voicemail?.recordingUrl) host.put(voicemailPath(call.id), 'audio/mpeg', audio);
    }
    for (const message of workspace.messagesOf(conversation.phoneNumberId, conversation.participants)) {
      message.media.forEach((item, index) => {
        if (item.url !== null) host.put(mmsPath(message.id, index), item.type, photo);
      });
    }
  }
  return workspace;
}
