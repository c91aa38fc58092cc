/** Exit codes of the `servicestelle` command (after sysexits.h, so scripts can tell causes apart). */
export const ExitCode = {
  ok: 0,
  /** Something failed while running; the message says what. */
  failure: 1,
  /** Wrong command line: unknown command or option, missing or malformed argument. */
  usage: 64,
  /** Bad input data (a file or value that cannot be used). */
  dataError: 65,
  /** The database cannot be reached. */
  unavailable: 69,
  /** A configuration variable is missing or wrong. */
  config: 78,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
