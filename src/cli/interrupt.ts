/**
 * Ctrl-C and `kill` during a long step: instead of dying with the work, the first SIGINT or
 * SIGTERM aborts the step, so the command can save what it has and exit as the shell expects
 * (128 + the signal's number). A second one quits at once.
 */
import { constants } from 'node:os';

/** The signals a long step stops on. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A long step's view of the process's stop signals. */
export interface Interrupts {
  /** Aborted by the first stop signal. */
  readonly signal: AbortSignal;
  /** The stop signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Gives the signals back to their default handling. */
  dispose(): void;
}

/** The exit code of a process stopped by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/** Catches SIGINT and SIGTERM until `dispose()`. */
export function catchInterrupts(): Interrupts {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (received !== undefined) process.exit(signalExitCode(received));
    received = signal;
    controller.abort();
  };
  for (const name of STOP_SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, handler);
    },
  };
}
