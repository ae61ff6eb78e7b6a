// Errors of mfcf (see ../index.d.ts).

/**
 * The class of a failure: the C++ engine's `mf::ErrorKind` names.
 * `InvalidArgument` is also used for type errors found in JS.
 */
export type ErrorKind =
  | 'Parse'
  | 'InvalidArgument'
  | 'UnknownId'
  | 'CorruptModel'
  | 'Io'
  | 'Resource'
  | 'Cancelled'
  | 'Error';

/**
 * Every error the library throws. `message` is the C++ engine's message, the
 * same text the `mf` command-line tool prints (it names the file and line, the
 * parameter and its value, or the unknown id), with options spelled as this
 * API names them where the tool writes its flags. After an MfError the module
 * keeps working.
 */
export declare class MfError extends Error {
  /** Made by the library; `kind` classifies, `message` explains. */
  constructor(kind: ErrorKind, message: string, parts?: string[]);
  /** Always `'MfError'`. */
  readonly name: 'MfError';
  /** What went wrong, as a stable name to branch on. */
  readonly kind: ErrorKind;
  /**
   * The option the error is about, as this API names it (`'learningRate'`,
   * `'regularization.user'`), or undefined. The message names it the same way.
   */
  readonly parameter?: string;
  /**
   * The message with every option it names spelled by `spell` (given this
   * API's name), e.g. a form's field label: the engine's words, your names.
   */
  messageWith(spell: (name: string) => string): string;
}

