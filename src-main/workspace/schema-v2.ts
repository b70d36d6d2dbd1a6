/**
 * Version 2 of the workspace schema: holders. A run's owner gains its process start time and a
 * lease (renewed by a heartbeat while the owner lives), and a sweep gains a holder, so a second
 * process can tell a live writer from one that died, on this host or another. Triggers keep a
 * finished run finished: its status, summary and series cannot be rewritten or deleted except by
 * deleting the run itself, whatever code path (or process) tries.
 */
export const SCHEMA_V2 = `
ALTER TABLE runs ADD COLUMN owner_started INTEGER;
ALTER TABLE runs ADD COLUMN lease_until INTEGER;
ALTER TABLE sweeps ADD COLUMN holder_pid INTEGER;
ALTER TABLE sweeps ADD COLUMN holder_host TEXT;
ALTER TABLE sweeps ADD COLUMN holder_started INTEGER;
ALTER TABLE sweeps ADD COLUMN lease_until INTEGER;
CREATE TRIGGER finished_run_stays_finished BEFORE UPDATE OF status ON runs
  WHEN OLD.status = 'finished' AND NEW.status <> 'finished'
  BEGIN SELECT RAISE(ABORT, 'a finished run is never rewritten'); END;
CREATE TRIGGER finished_summary_kept BEFORE DELETE ON run_summaries
  WHEN EXISTS (SELECT 1 FROM runs WHERE id = OLD.run_id AND status = 'finished')
  BEGIN SELECT RAISE(ABORT, 'a finished run keeps its summary'); END;
CREATE TRIGGER finished_summary_not_replaced BEFORE INSERT ON run_summaries
  WHEN EXISTS (SELECT 1 FROM runs WHERE id = NEW.run_id AND status = 'finished')
  BEGIN SELECT RAISE(ABORT, 'a finished run keeps its summary'); END;
CREATE TRIGGER finished_series_kept BEFORE DELETE ON series_chunks
  WHEN EXISTS (SELECT 1 FROM runs WHERE id = OLD.run_id AND status = 'finished')
  BEGIN SELECT RAISE(ABORT, 'a finished run keeps its series'); END;
CREATE TRIGGER finished_series_not_extended BEFORE INSERT ON series_chunks
  WHEN EXISTS (SELECT 1 FROM runs WHERE id = NEW.run_id AND status = 'finished')
  BEGIN SELECT RAISE(ABORT, 'a finished run keeps its series'); END;
`;
