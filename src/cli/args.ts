// A small, strict option parser for the CLI: `--name value`, `--name=value` and boolean `--flag`.
// Unknown options, repeated options, stray arguments and malformed numbers are UsageErrors (exit 2).

/** Seed of the shipped checkpoint and the CLI's default. */
export const DEFAULT_SEED = 42;
/** Sequences per training step unless --batch says otherwise. */
export const DEFAULT_BATCH_SIZE = 16;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Option names a command accepts: those that take a value and those that are flags. */
export interface OptionTable {
  values: readonly string[];
  flags?: readonly string[];
}

export class Options {
  private constructor(
    private readonly values: Map<string, string>,
    private readonly flags: Set<string>,
  ) {}

  static parse(args: readonly string[], table: OptionTable): Options {
    const valueNames = new Set(table.values);
    const flagNames = new Set(table.flags ?? []);
    const values = new Map<string, string>();
    const flags = new Set<string>();
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (flagNames.has(name)) {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        if (flags.has(name)) throw new UsageError(`option --${name} given twice`);
        flags.add(name);
      } else if (valueNames.has(name)) {
        if (values.has(name)) throw new UsageError(`option --${name} given twice`);
        let value: string;
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
          if (i + 1 >= args.length) throw new UsageError(`option --${name} needs a value`);
          value = args[++i];
        }
        values.set(name, value);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    }
    return new Options(values, flags);
  }

  flag(name: string): boolean {
    return this.flags.has(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  requireString(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new UsageError(`missing option --${name}`);
    return v;
  }

  /** A finite number within [min, max]; `fallback` when the option is absent (UsageError if none). */
  number(name: string, range: { min?: number; max?: number; integer?: boolean; fallback?: number } = {}): number {
    const raw = this.values.get(name);
    if (raw === undefined) {
      if (range.fallback === undefined) throw new UsageError(`missing option --${name}`);
      return range.fallback;
    }
    const v = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) throw new UsageError(`option --${name} must be a number, got ${JSON.stringify(raw)}`);
    if (range.integer && !Number.isInteger(v)) throw new UsageError(`option --${name} must be a whole number, got ${raw}`);
    if (range.min !== undefined && v < range.min) throw new UsageError(`option --${name} must be at least ${range.min}, got ${raw}`);
    if (range.max !== undefined && v > range.max) throw new UsageError(`option --${name} must be at most ${range.max}, got ${raw}`);
    return v;
  }

  int(name: string, range: { min?: number; max?: number; fallback?: number } = {}): number {
    return this.number(name, { ...range, integer: true });
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Runs a CLI entry point: `body` gets the arguments after the script name and returns the result,
 * written as one JSON document to stdout (exit 0). A UsageError prints one line + `usage` to stderr
 * (exit 2); any other failure prints exactly one line to stderr (exit 1), never a stack trace.
 * `help`, `--help` and `-h` print `usage` to stdout.
 */
export function runEntry(usage: string, body: (argv: string[]) => Promise<unknown>): void {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0])) {
    process.stdout.write(`${usage}\n`, () => process.exit(0));
    return;
  }
  const fail = (e: unknown): void => {
    const message = oneLine(e instanceof Error ? e.message : String(e)) || 'unknown error';
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${message}\n${usage}\n`, () => process.exit(2));
    } else {
      process.stderr.write(`error: ${message}\n`, () => process.exit(1));
    }
  };
  body(argv).then(
    (result) => {
      let json: string;
      try {
        json = JSON.stringify(result);
      } catch (e) {
        fail(e);
        return;
      }
      process.stdout.write(`${json}\n`, () => process.exit(0));
    },
    fail,
  );
}
