/**
 * The Python peers `npm run bench` times beside the native engine. Each is a script in bench/
 * that prints one JSON measurement per case (bench/peer_common.py); a peer whose modules no
 * Python here can import is skipped with the reason printed, never silently dropped.
 */
export type PeerId = 'numpy' | 'numexpr' | 'numba' | 'torch';

export interface PythonPeer {
  id: PeerId;
  /** Column title in the table. */
  label: string;
  /** Script in bench/. */
  script: string;
  /** Modules the script imports; the first Python that imports them all runs it. */
  modules: string[];
  /** How to get the modules, for the skip message. */
  install: string;
  /**
   * Whether it may be the peer the native engine's lead is measured against. PyTorch on this
   * kind of machine runs with whatever BLAS it was built with (Debian's is generic and slow), so
   * it is shown, labelled with that BLAS, but never taken as the headline peer.
   */
  headline: boolean;
}

export const PYTHON_PEERS: readonly PythonPeer[] = [
  { id: 'numpy', label: 'NumPy', script: 'numpy_peer.py', modules: ['numpy'], install: 'pip or Debian python3-numpy', headline: true },
  {
    id: 'numexpr',
    label: 'NumPy+numexpr',
    script: 'numexpr_peer.py',
    modules: ['numpy', 'numexpr'],
    install: 'Debian python3-numexpr (npm run setup installs it)',
    headline: true,
  },
  {
    id: 'numba',
    label: 'Numba',
    script: 'numba_peer.py',
    modules: ['numpy', 'numba'],
    install: 'Debian python3-numba (npm run setup installs it)',
    headline: true,
  },
  { id: 'torch', label: 'PyTorch', script: 'torch_cpu_peer.py', modules: ['numpy', 'torch'], install: 'PyTorch', headline: false },
];

export function findPeer(id: string): PythonPeer {
  const peer = PYTHON_PEERS.find((p) => p.id === id);
  if (!peer) throw new Error(`unknown peer "${id}"; known peers: ${PYTHON_PEERS.map((p) => p.id).join(', ')}`);
  return peer;
}
