// Errors of the library and the names it gives the engine's settings.

// The engine names a setting by a stable key, its C++ field name
// ("learning_rate"); this API spells it with its own option name. The one
// table of names: the keys this API does not spell as the key in camelCase.
const API_NAMES = {
  reg_user: 'regularization.user', reg_item: 'regularization.item', reg_user_bias: 'regularization.userBias',
  reg_item_bias: 'regularization.itemBias', reg_scaling: 'regularizationScaling',
};
const CORE_KEYS = Object.fromEntries(Object.entries(API_NAMES).map(([key, name]) => [name, key]));

/** This API's name of the engine's setting `key` ('learning_rate' -> 'learningRate'). */
export const apiName = (key) => API_NAMES[key] ?? key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
/** The engine's key of this API's option `name` ('learningRate' -> 'learning_rate'). */
export const coreKey = (name) => CORE_KEYS[name] ?? name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/**
 * Every failure of the library: `kind` names the class, `message` is the
 * core's text with settings spelled as this API's options, `parameter` the
 * option the error is about (if any). `messageWith(spell)` spells the
 * options another way (a page's field labels).
 */
export class MfError extends Error {
  #parts;
  constructor(kind, message, parts = [message]) {
    super(message);
    this.name = 'MfError';
    this.kind = kind;
    this.#parts = parts;
    this.parameter = parts.length > 1 ? parts[1] : undefined;
  }
  messageWith(spell) {
    return this.#parts.map((part, k) => (k % 2 ? spell(part) : part)).join('');
  }
}

// An MfError from message parts [text, name, text, name, ...] (odd entries name options).
const partsError = (kind, parts) => new MfError(kind, parts.join(''), parts);

// An MfError from the engine's message parts, whose odd entries are keys.
export const engineError = (kind, keyParts) => partsError(kind, keyParts.map((part, k) => (k % 2 ? apiName(part) : part)));

// Throws an InvalidArgument MfError about the argument or option `name`
// ('users[3]' is about 'users'): `name` followed by `text`.
export function invalid(name, text) {
  const [, parameter, rest] = /^([^[\s]*)(.*)$/.exec(name);
  throw partsError('InvalidArgument', ['', parameter, rest + text]);
}

// Throws an InvalidArgument MfError whose message names no option.
export function invalidUse(message) {
  throw new MfError('InvalidArgument', message);
}

// Throws an InvalidArgument MfError from parts: text, option name, text, ...
export function invalidParts(...parts) {
  throw partsError('InvalidArgument', parts);
}
