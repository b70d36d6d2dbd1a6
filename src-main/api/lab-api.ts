/**
 * The one API the renderer talks to, whichever host serves it: the Electron preload bridge
 * (IPC) or the lab server (HTTP + WebSocket). Every method takes at most one JSON argument and
 * returns JSON, so both transports carry it unchanged; `api-schemas.ts` validates the arguments
 * at each door.
 *
 * This file holds types only and imports nothing, so the renderer can `import type` it without
 * pulling main-process code into the browser bundle.
 */

export const LAB_API_VERSION = 1;

/** Mode names as the engine spells them: `joint` or `unimodal:r`. */
export type ModeNameDto = string;

export interface WorkspaceInfo {
  /** File name without the folder, for the title bar. */
  name: string;
  /** Absolute path of the workspace file. */
  path: string;
}

export interface LabInfo {
  apiVersion: number;
  appVersion: string;
  host: 'electron' | 'server';
  workspace: WorkspaceInfo;
  /** Which engine trains runs here and whether CUDA answered (with the reason when it did not). */
  engine: { name: 'native' | 'reference'; cuda: { available: boolean; reason: string } };
}

/** One setting of the run configuration, derived from the schema (see config/fields.ts). */
export interface FieldDto {
  path: string;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'number[]' | 'string[]';
  default: unknown;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  choices?: string[];
  unit?: string;
  help: string;
  /** Human-readable valid range, e.g. "> 0" or "1 to 8". */
  range: string;
}

export interface PresetDto {
  name: string;
  description: string;
  /** Partial configuration, merged over the schema defaults. */
  config: Record<string, unknown>;
}

export interface ConfigIssue {
  /** Dotted setting path (`model.q`), or '' for the configuration as a whole. */
  path: string;
  message: string;
}

/** The theory's predicted winner for a configuration, computed from its initial weights. */
export interface PredictionDto {
  winner: number;
  /** Score per modality: (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2). */
  scores: number[];
  initialGamma: number[];
}

export type ValidationResult =
  { ok: true; config: Record<string, unknown>; hash: string; prediction: PredictionDto | null } | { ok: false; issues: ConfigIssue[] };

/** Metric records of one mode, struct-of-arrays, as plain JSON. */
export interface SeriesDto {
  K: number;
  m: number;
  steps: number[];
  /** One array per scalar name as the engine names them (trainLoss, testErr, gamma0, phi1, ...), aligned with steps; null for NaN. */
  scalars: Record<string, (number | null)[]>;
  /** Alignment <w_{r,j}, v_r> per record, modality, neuron: steps.length * K * m, flattened. */
  alignments: number[];
}

/** The joint run's outcome as runs/run-outcome.ts defines it, for display. */
export interface RunOutcomeDto {
  kind: 'one' | 'several' | 'split' | 'none';
  /** The outcome in words, e.g. "exactly one modality learned its feature (modality 0); ...". */
  sentence: string;
  /** The modality that alone learned its feature (kind `one`), else null. */
  soleWinner: number | null;
  /** Per modality of the joint run: which classes it learned (its class alignment rose above rho). */
  classes: { plus: boolean; minus: boolean }[];
  /** Per modality: whether its unimodal run learned its feature (null where it did not run to the end). */
  unimodalLearned: (boolean | null)[];
  /** Test error of each encoder of the jointly trained network used alone. */
  aloneTestErr: (number | null)[];
}

export interface RunHeadline {
  /** Modalities whose gamma crossed rho in the joint run (null when no joint mode finished). */
  winners: number[] | null;
  predictedWinner: number | null;
  jointTestErr: number | null;
  /**
   * Joint test error minus the best unimodal test error (positive: a single modality beat the
   * joint net); null when a mode did not run to the end (see `partial`).
   */
  gap: number | null;
  /** Some mode stopped before its last step (cancelled, diverged): the run's numbers are partial. */
  partial: boolean;
  outcome: RunOutcomeDto | null;
}

export interface RunRow {
  id: number;
  sweepId: number | null;
  cellIndex: number | null;
  experiment: string | null;
  configHash: string;
  seed: number;
  backend: string;
  status: 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  tags: string[];
  /**
   * The run's settings that differ from the schema defaults, by dotted path (`data.alpha`,
   * `train.steps`, ...); every other setting has its default (see `fields`). The seed is `seed`.
   */
  settings: Record<string, unknown>;
  headline: RunHeadline;
}

export interface RunDetail {
  run: RunRow;
  config: Record<string, unknown>;
  summary: unknown;
  notes: { text: string; createdAt: string }[];
  series: Record<ModeNameDto, SeriesDto>;
}

export interface RunListFilter {
  sweepId?: number;
  status?: RunRow['status'];
  tag?: string;
  experiment?: string;
  limit?: number;
}

export interface SweepRow {
  id: number;
  name: string;
  createdAt: string;
  seeds: number;
  cellCount: number;
  /** Names of the swept settings, in grid order. */
  axes: string[];
  /** Run counts by status. */
  runs: Record<string, number>;
  /**
   * Non-null while this lab process is running the sweep: its last progress report (see the
   * `sweep-progress` event). Lets a page opened or reloaded mid-sweep show its progress before
   * the next event.
   */
  active: SweepProgressDto | null;
}

export interface SweepCellDto {
  cellIndex: number;
  coords: Record<string, unknown>;
  /** CellStats from sweeps/sweep-stats.ts (win probability intervals, gap moments, ...), or null before any run finished. */
  stats: unknown;
  runIds: number[];
}

export interface SweepDetail {
  sweep: SweepRow & { spec: unknown };
  cells: SweepCellDto[];
  /**
   * The theory's predicted boundary: pairs of neighbouring cells (differing in one axis by one
   * grid step) whose predicted winners differ. Draw it as the edge between each pair.
   */
  predictedBoundary: [number, number][];
  /** The outcomes of a joint run in words (legends, menus), as the lab defines them. */
  outcomeLabels: Record<'one' | 'several' | 'split' | 'none', string>;
}

/** Seeds of one sweep cell aggregated per step: mean and the 10th to 90th percentile band. */
export interface BandDto {
  steps: number[];
  mean: number[];
  low: number[];
  high: number[];
  /** Seeds that contributed at each step. */
  n: number[];
}

export interface CellBandsDto {
  sweepId: number;
  cellIndex: number;
  runIds: number[];
  /** Per mode, per scalar name (gamma0, phi0, testErr, ...). */
  modes: Record<ModeNameDto, Record<string, BandDto>>;
}

/** One metric of several runs on one chart (the compare view's overlay), with their band. */
export interface OverlayDto {
  mode: ModeNameDto;
  scalar: string;
  /** Each run's values, at most a thousand records (evenly thinned, first and last kept). */
  runs: { runId: number; seed: number; sweepId: number | null; cellIndex: number | null; steps: number[]; values: (number | null)[] }[];
  /** Mean and 10th to 90th percentile over the runs at each recorded step (null for fewer than two runs). */
  band: BandDto | null;
  /** Modes and scalars any of the chosen runs recorded, for the menus. */
  modes: ModeNameDto[];
  scalars: string[];
  /** Chosen runs without this mode or scalar (not drawn). */
  missing: number[];
}

/** One patch of a drawn sample: x = signal * v_r + noise. */
export interface PatchDto {
  /** The signal coefficient: y alpha_r on the signal patch of an informative sample, else 0. */
  signal: number;
  /** <x, v_r>: the patch's component along the feature. */
  along: number;
  /** Norm of the rest of the patch (its noise, orthogonal to v_r unless noise is not projected). */
  noiseNorm: number;
  /** The patch's first coordinates (`DataSamplesDto.shownCoordinates` of them). */
  head: number[];
}

/** The first training samples of a configuration's data draw, as the data view shows them. */
export interface DataSamplesDto {
  K: number;
  P: number;
  d: number;
  /** Coordinates listed per patch and per feature (the first ones of d). */
  shownCoordinates: number;
  /** Samples of the training set drawn for this view (its first ones, as training sees them). */
  sampleCount: number;
  /** The training set's size: the view shows `sampleCount` of `n`. */
  n: number;
  /** Per modality: the feature v_r (first coordinates, and the norm of the rest). */
  features: { head: number[]; restNorm: number }[];
  samples: {
    index: number;
    label: number;
    /** Per modality: whether the sample carries no signal there, which patch has it, and every patch. */
    modalities: { insufficient: boolean; signalPatch: number | null; patches: PatchDto[] }[];
  }[];
}

export interface ExportRequestDto {
  runId?: number;
  sweepId?: number;
  /** The last remedy comparison of this lab (its figures and report), instead of a run or sweep. */
  comparison?: true;
  /** Standard figure names (see listFigures); all that apply when omitted. */
  figures?: string[];
  formats?: ('svg' | 'pdf' | 'png')[];
  dpi?: number;
  /** Output folder or `.zip` path on the host; a fresh folder beside the workspace when omitted. */
  out?: string;
}

export interface ExportResultDto {
  /** The pack folder or zip that was written. */
  path: string;
  /** Files in the pack, relative to it. */
  files: string[];
  /**
   * Set only by the lab server: where the browser can fetch the pack as one zip, relative to the
   * page (`api/packs/<id>.zip`, without the token; add `?token=T` or the token header). The
   * Electron host leaves it out (its export already writes where the user chose).
   */
  downloadUrl?: string;
}

export interface FigureInfo {
  name: string;
  /** 'run' figures need a run id, 'sweep' figures a sweep id. */
  source: 'run' | 'sweep';
  description: string;
}

/**
 * How far a sweep is: `done` counts runs that have trained every step (as each run ends, not
 * only when its batch is recorded), failed, or were finished before (skipped), of `total`;
 * `etaSeconds` estimates the time left from this session's pace (null until a run has moved).
 */
export interface SweepProgressDto {
  done: number;
  total: number;
  etaSeconds: number | null;
}

/** What the app's "Paper check" view may ask for (the CLI's `modcomp check` options). */
export interface CheckRequestDto {
  /** Fewer seeds, no regime maps, and verdicts that fail only when the interval excludes the threshold. */
  quick?: boolean;
  /** Seeds per claim (default 50, or 12 for a quick check). */
  seeds?: number;
  seedStart?: number;
  /** Train the regime maps (the full check does by default). */
  maps?: boolean;
  /** Seeds per cell of each regime map (default 12). */
  mapSeeds?: number;
  backend?: 'auto' | 'cpu' | 'cuda';
  precision?: 'f32' | 'f64' | 'tf32';
  /** A trial, not the paper check: `path=value` settings applied to every run (reports say so). */
  set?: string[];
}

/** A share with its Wilson 95% interval, or a mean with its normal 95% interval. */
export type CheckEstimateDto =
  | { kind: 'rate'; p: number; low: number; high: number; successes: number; n: number }
  | { kind: 'mean'; value: number | null; low: number | null; high: number | null; n: number };

export type CheckVerdictDto = 'pass' | 'fail' | 'no data';

/** The paper check's report (science/paper-check.ts), as JSON. */
export interface CheckReportDto {
  mode: 'quick' | 'full';
  options: Required<Omit<CheckRequestDto, 'quick'>> & { quick: boolean };
  /** The sweeps the check trained its runs as, by the check's key. */
  sweeps: { key: string; purpose: string; role: 'claim' | 'map'; sweepId: number; runs: number; finished: number; failed: number }[];
  statistics: {
    id: string;
    claim: string;
    statement: string;
    sweep: string;
    estimate: CheckEstimateDto;
    threshold: number;
    verdict: CheckVerdictDto;
    unreadable: number;
  }[];
  claims: { id: string; title: string; verdict: CheckVerdictDto; statistics: string[] }[];
  /** C3's fitted curve: P(modality 0 wins) = 1 / (1 + exp(-(intercept + slope x))), x = log(score_0 / score_1). */
  whoWinsFit: { intercept: number; slope: number; midpoint: number | null; n: number; converged: boolean } | null;
  maps: {
    key: string;
    purpose: string;
    sweepId: number;
    axes: string[];
    cells: {
      cellIndex: number;
      coords: Record<string, unknown>;
      rates: Record<'C1' | 'C2a' | 'C2b', Extract<CheckEstimateDto, { kind: 'rate' }>>;
    }[];
  }[];
  verdict: 'pass' | 'fail';
}

/**
 * How far a long job of several sweeps is (the paper check, the remedy comparison): the sweep it
 * trains (1-based, of `sweeps`; `key` names it, for the comparison the remedy) and the runs of
 * them all.
 */
export interface SweepsProgressDto {
  sweep: number;
  sweeps: number;
  key: string;
  total: number;
  done: number;
  failed: number;
}

export type CheckProgressDto = SweepsProgressDto;

export interface CheckStateDto {
  status: 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';
  request: CheckRequestDto | null;
  progress: CheckProgressDto | null;
  /** The report of the last check this lab ran (also of a cancelled one: its finished runs). */
  report: CheckReportDto | null;
  /** Each rate's threshold and each mean's tolerance, by statistic id (also before any check). */
  thresholds: Record<string, number>;
  error: string | null;
}

/** A worker of a sweep queue as it last announced itself (see `modcomp worker`). */
export interface QueueWorkerDto {
  name: string;
  host: string;
  backend: 'cpu' | 'cuda';
  state: 'idle' | 'training' | 'draining';
  runsDone: number;
  batchesDone: number;
  engine: string;
}

/**
 * A sweep this lab sends to a queue: the queue (password masked), the sweep's batches by state
 * (queued and running now; done, retried and failed so far) and the workers listening to it.
 */
export interface QueueActivityDto {
  queue: string;
  batches: { queued: number; running: number; done: number; retried: number; failed: number };
  workers: QueueWorkerDto[];
  /** The latest notices about the queue (connection lost and back, batches failed), oldest first. */
  notices: string[];
}

/** What the app's "Remedies" view may ask for (the CLI's `modcomp compare-remedies` options). */
export interface ComparisonRequestDto {
  /** The competition setting (default competition). */
  preset?: string;
  /** Seeds per arm (default 50). */
  seeds?: number;
  seedStart?: number;
  /** Every arm trains on the CPU (the CUDA engine trains no remedy), in f32 or f64. */
  precision?: 'f32' | 'f64';
  /** A trial, not the comparison: `path=value` settings applied to every run (reports say so). */
  set?: string[];
}

type RateDto = Extract<CheckEstimateDto, { kind: 'rate' }>;
type MeanDto = Extract<CheckEstimateDto, { kind: 'mean' }>;

/** The remedy comparison's report (science/remedy-comparison.ts), as JSON. */
export interface ComparisonReportDto {
  options: {
    preset: string;
    seeds: number;
    seedStart: number;
    backend: 'auto' | 'cpu' | 'cuda';
    precision: 'f32' | 'f64' | 'tf32';
    set: string[];
  };
  K: number;
  /** Seeds whose plain joint run lost a modality its unimodal run learns (the rescue's denominator). */
  seedsWithLoser: number;
  baselineSeeds: number;
  sweeps: { remedy: string; sweepId: number }[];
  /** One per remedy and knob value, the baseline (no remedy) first. */
  arms: {
    remedy: string;
    label: string;
    knob: string;
    value: unknown;
    sweepId: number | null;
    runs: number;
    rescue: RateDto;
    learned: RateDto[];
    crossStep: MeanDto[];
    gapToBestUnimodal: MeanDto;
    utilisation: MeanDto[];
    gradShare: MeanDto[];
    unimodalCosine: MeanDto[];
  }[];
}

export type ComparisonProgressDto = SweepsProgressDto;

export interface ComparisonStateDto {
  status: 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';
  request: ComparisonRequestDto | null;
  progress: ComparisonProgressDto | null;
  /** The report of the last comparison this lab ran (also of a cancelled one: its finished runs). */
  report: ComparisonReportDto | null;
  error: string | null;
}

/** Events pushed to every watcher (the renderer subscribes once). */
export type LabEvent =
  | { type: 'run-started'; runId: number; modes: ModeNameDto[]; stepsTotal: number }
  | { type: 'run-progress'; runId: number; mode: ModeNameDto; stepsDone: number; stepsTotal: number; series: SeriesDto }
  | { type: 'run-ended'; runId: number; status: RunRow['status']; error: string | null }
  | ({ type: 'sweep-progress'; sweepId: number } & SweepProgressDto)
  | { type: 'sweep-ended'; sweepId: number; status: 'finished' | 'failed' | 'cancelled'; error: string | null }
  | ({ type: 'check-progress' } & CheckProgressDto)
  | { type: 'check-ended'; status: 'finished' | 'cancelled' | 'failed'; error: string | null }
  | ({ type: 'comparison-progress' } & ComparisonProgressDto)
  | { type: 'comparison-ended'; status: 'finished' | 'cancelled' | 'failed'; error: string | null }
  | { type: 'workspace-changed'; workspace: WorkspaceInfo }
  /** Sent by the Electron shell when a menu item needs the renderer's current selection. */
  | { type: 'menu-command'; command: 'export-figure-pack' | 'new-experiment' };

/**
 * The methods. Each takes one argument object (or none) and resolves to JSON. Errors reject
 * with an Error whose message is meant for the user (a validation failure names the setting).
 */
export interface LabApi {
  info(): Promise<LabInfo>;
  fields(): Promise<FieldDto[]>;
  presets(): Promise<PresetDto[]>;
  validateConfig(args: { config: unknown }): Promise<ValidationResult>;
  startRun(args: { config: unknown; experiment?: string }): Promise<{ runId: number }>;
  cancelRun(args: { runId: number }): Promise<void>;
  listRuns(args?: RunListFilter): Promise<RunRow[]>;
  getRun(args: { runId: number }): Promise<RunDetail>;
  tagRun(args: { runId: number; add?: string[]; remove?: string[] }): Promise<RunRow>;
  noteRun(args: { runId: number; text: string }): Promise<void>;
  deleteRuns(args: { runIds: number[] }): Promise<{ deleted: number }>;
  listSweeps(): Promise<SweepRow[]>;
  getSweep(args: { sweepId: number }): Promise<SweepDetail>;
  cellBands(args: { sweepId: number; cellIndex: number }): Promise<CellBandsDto>;
  /** `queue`: a redis:// or rediss:// URL; the batches go there for `modcomp worker` processes to train. */
  startSweep(args: { spec: unknown; queue?: string }): Promise<{ sweepId: number }>;
  /** The queue side of a running sweep sent to a queue; null for a sweep trained here or not running. */
  queueActivity(args: { sweepId: number }): Promise<QueueActivityDto | null>;
  cancelSweep(args: { sweepId: number }): Promise<void>;
  /** One metric of several runs (1 to 64) on one timeline, with their mean and band. */
  overlayRuns(args: { runIds: number[]; mode: ModeNameDto; scalar: string }): Promise<OverlayDto>;
  /** The first training samples of a configuration's data (same seed, same samples as its runs). */
  sampleData(args: { config: unknown; samples?: number; coordinates?: number }): Promise<DataSamplesDto>;
  listFigures(): Promise<FigureInfo[]>;
  exportPack(args: ExportRequestDto): Promise<ExportResultDto>;
  /** Reads a figure pack (folder or zip) back into the workspace as new runs or a sweep. */
  importPack(args: { path: string }): Promise<{ runIds: number[]; sweepId: number | null }>;
  /** Starts the paper check (one at a time); its runs are recorded as sweeps of the workspace. */
  startCheck(args: CheckRequestDto): Promise<CheckStateDto>;
  /** Stops the running check after the runs in training; started again, it continues. */
  cancelCheck(): Promise<void>;
  checkState(): Promise<CheckStateDto>;
  /** Starts the remedy comparison (one at a time); its runs are recorded as sweeps of the workspace. */
  startComparison(args: ComparisonRequestDto): Promise<ComparisonStateDto>;
  /** Stops the running comparison after the runs in training; started again, it continues. */
  cancelComparison(): Promise<void>;
  comparisonState(): Promise<ComparisonStateDto>;
  /** Push events; returns the unsubscribe function. */
  subscribe(listener: (event: LabEvent) => void): () => void;
}

/** Method names callable over a transport (everything but subscribe). */
export type LabMethod = Exclude<keyof LabApi, 'subscribe'>;

/**
 * What the Electron preload script exposes on `window[BRIDGE_GLOBAL]` (through contextBridge):
 * a generic call plus an event subscription. The renderer's client turns it back into a LabApi.
 */
export interface LabBridge {
  call(method: LabMethod, args?: unknown): Promise<unknown>;
  onEvent(listener: (event: LabEvent) => void): () => void;
}

export const BRIDGE_GLOBAL = 'modcompBridge';

/**
 * The lab server's wire format (the Electron bridge needs none):
 *   POST /api/call/<method>   header X-Modcomp-Token, body {"args": ...}
 *                             -> 200 {"ok": true, "result": ...} | 4xx/5xx {"ok": false, "error": {"message": "..."}}
 *   GET  /api/events?token=T  WebSocket upgrade; the server sends one LabEvent per JSON text message
 *   GET  /api/packs/<id>.zip?token=T (or the token header)
 *                             -> 200 application/zip, an attachment: a pack this server exported (its
 *                                ExportResultDto.downloadUrl); 404 unknown id, 410 pack deleted since
 * The page is opened as http://127.0.0.1:PORT/?token=T; the client reads the token from the URL.
 */
export const TOKEN_HEADER = 'X-Modcomp-Token';
export type CallReply = { ok: true; result: unknown } | { ok: false; error: { message: string } };
