/** Where the default workspace lives: the platform's per-user data folder. */
import * as os from 'node:os';
import * as path from 'node:path';

const APP_FOLDER = 'modality-competition-lab';
const DEFAULT_FILE = 'default.mcl';

export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER, DEFAULT_FILE);
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER, DEFAULT_FILE);
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(dataHome, APP_FOLDER, DEFAULT_FILE);
}
