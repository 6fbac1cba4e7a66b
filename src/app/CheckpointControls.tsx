// Checkpoint files in and out: download the model in use (model.json + weights.bin), load a pair of
// files, and save to / load from this browser's storage. Every failure is reported in the error
// banner; a bad file leaves the model in use as it is.

import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { checkCheckpointFileSizes } from '../shared/checkpointLimits';
import type { ModelInfo } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { useI18n, type MessageKey } from './i18n';
import { isCancelled, WorkerCallError, type WorkerClient } from './workerClient';

const SAVED_NAME = 'my-checkpoint';

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

interface Downloads {
  modelJson: string;
  weightsBin: string;
}

export interface CheckpointControlsProps {
  client: WorkerClient | null;
  model: ModelInfo | null;
  report: ReportError;
}

export function CheckpointControls({ client, model, report }: CheckpointControlsProps): ReactNode {
  const { t } = useI18n();
  const [downloads, setDownloads] = useState<Downloads | null>(null);
  const [message, setMessage] = useState<MessageKey | null>(null);
  const [hasSaved, setHasSaved] = useState(false);
  const [working, setWorking] = useState(false);
  const disabled = !client || !model || working;

  // Object URLs hold the bytes: free them when replaced or when the panel goes away.
  useEffect(() => {
    if (!downloads) return;
    return () => {
      URL.revokeObjectURL(downloads.modelJson);
      URL.revokeObjectURL(downloads.weightsBin);
    };
  }, [downloads]);

  // A new model makes earlier download links stale.
  const revision = model?.revision;
  useEffect(() => setDownloads(null), [revision]);

  useEffect(() => {
    if (!client || revision === undefined) return;
    let live = true;
    client.call('listCheckpoints', {}).then(
      (list) => {
        if (live) setHasSaved(list.some((c) => c.name === SAVED_NAME));
      },
      () => {
        // Storage unavailable: "Load saved" stays disabled; saving explains the problem when tried.
      },
    );
    return () => {
      live = false;
    };
  }, [client, revision]);

  async function act(fn: () => Promise<void>, errorKey: MessageKey): Promise<void> {
    setWorking(true);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      if (!isCancelled(e)) {
        const key = e instanceof WorkerCallError && e.code === 'storage-unavailable' ? 'error.storage' : errorKey;
        report(key, { message: errorMessage(e) });
      }
    } finally {
      setWorking(false);
    }
  }

  const onExport = (): Promise<void> =>
    act(async () => {
      if (!client) return;
      const files = await client.call('exportCheckpoint', {});
      setDownloads({
        modelJson: URL.createObjectURL(new Blob([files.modelJson], { type: 'application/json' })),
        weightsBin: URL.createObjectURL(new Blob([files.weightsBin], { type: 'application/octet-stream' })),
      });
    }, 'error.export');

  const onFiles = (e: ChangeEvent<HTMLInputElement>): void => {
    const list = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (list.length === 0) return;
    const json = list.find((f) => f.name.toLowerCase().endsWith('.json'));
    const bin = list.find((f) => !f.name.toLowerCase().endsWith('.json'));
    if (list.length !== 2 || !json || !bin) {
      report('error.needTwoFiles');
      return;
    }
    // Sizes first: a 200 MB file is refused without reading a byte of it.
    const tooBig = checkCheckpointFileSizes(json.size, bin.size);
    if (tooBig) {
      if (tooBig.kind === 'empty') report('hostile.checkpoint.empty', { file: tooBig.file });
      else {
        report('hostile.checkpoint.tooLarge', {
          file: tooBig.kind === 'json-too-large' ? json.name : bin.name,
          size: megabytes(tooBig.bytes),
          max: megabytes(tooBig.limit),
        });
      }
      return;
    }
    void act(async () => {
      if (!client) return;
      const [modelJson, weightsBin] = await Promise.all([json.text(), bin.arrayBuffer()]);
      await client.call('importCheckpoint', { modelJson, weightsBin }, { transfer: [weightsBin] });
      setMessage('checkpoint.loaded');
    }, 'error.import');
  };

  const onSave = (): Promise<void> =>
    act(async () => {
      if (!client) return;
      await client.call('saveCheckpoint', { name: SAVED_NAME });
      setHasSaved(true);
      setMessage('checkpoint.saved');
    }, 'error.storage');

  const onLoad = (): Promise<void> =>
    act(async () => {
      if (!client) return;
      await client.call('loadCheckpoint', { name: SAVED_NAME });
      setMessage('checkpoint.loaded');
    }, 'error.import');

  return (
    <section className="panel checkpoint-panel" aria-labelledby="checkpoint-title">
      <h2 id="checkpoint-title">{t('checkpoint.title')}</h2>
      <div className="button-row">
        <button type="button" onClick={onExport} disabled={disabled} data-testid="checkpoint-export">
          {t('checkpoint.download')}
        </button>
      </div>
      {downloads && (
        <p className="download-links">
          <a href={downloads.modelJson} download="model.json">
            model.json
          </a>
          <a href={downloads.weightsBin} download="weights.bin">
            weights.bin
          </a>
        </p>
      )}
      <label className={disabled ? 'file-button disabled' : 'file-button'}>
        {t('checkpoint.upload')}
        <input
          type="file"
          multiple
          accept=".json,.bin,application/json,application/octet-stream"
          onChange={onFiles}
          disabled={disabled}
          data-testid="checkpoint-import"
        />
      </label>
      <p className="help">{t('checkpoint.uploadHelp')}</p>
      <div className="button-row">
        <button type="button" onClick={onSave} disabled={disabled} data-testid="checkpoint-save">
          {t('checkpoint.save')}
        </button>
        <button type="button" onClick={onLoad} disabled={disabled || !hasSaved} data-testid="checkpoint-load">
          {t('checkpoint.load')}
        </button>
      </div>
      {message && (
        <p className="note ok" role="status">
          {t(message)}
        </p>
      )}
    </section>
  );
}
