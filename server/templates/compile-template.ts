// Handlebars, set up once for every template: its own environment with only our helpers, strict
// rendering (a name the context does not have is an error, not an empty string), no unknown
// helpers, and no way to write a value unescaped. Security: a template is written in the browser
// and rendered on the server, later into a PDF by Chromium, with customer data in it; escaping
// every value keeps a customer name such as "<script>" text.
import Handlebars from 'handlebars';
import { HELPER_NAMES, TEMPLATE_HELPERS } from './template-helpers';
import { TemplateSourceError } from './template-source-error';

const environment = Handlebars.create();
environment.registerHelper(TEMPLATE_HELPERS);

const KNOWN_HELPERS = Object.fromEntries(HELPER_NAMES.map((name) => [name, true]));

export type CompiledTemplate = (context: unknown) => string;

/**
 * Parses and compiles a template. `html`: values are HTML-escaped (documents); otherwise written
 * as they are (an e-mail subject is plain text). Throws TemplateSourceError.
 */
export function compileTemplate(source: string, options: { html: boolean }): CompiledTemplate {
  const program = parse(source);
  refuseUnsafeStatements(program);
  const template = environment.compile(source, {
    strict: true,
    knownHelpers: KNOWN_HELPERS,
    knownHelpersOnly: true,
    noEscape: !options.html,
  });
  return (context) => {
    try {
      return template(context);
    } catch (error) {
      throw asSourceError(error);
    }
  };
}

function parse(source: string): hbs.AST.Program {
  try {
    return environment.parse(source);
  } catch (error) {
    throw asSourceError(error);
  }
}

type Node = hbs.AST.Node & {
  body?: Node[];
  program?: Node;
  inverse?: Node;
  escaped?: boolean;
};

/** {{{value}}} and {{&value}} write HTML unescaped; partials and decorators are not offered. */
function refuseUnsafeStatements(node: Node): void {
  const start = node.loc?.start;
  const at = (message: string) =>
    new TemplateSourceError(message, start?.line, start && start.column + 1);
  if (node.type === 'MustacheStatement' && node.escaped === false) {
    throw at('{{{…}}} and {{&…}} write a value without HTML escaping; use {{…}}');
  }
  if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
    throw at('partials ({{> name}}) are not available in templates');
  }
  if (node.type === 'Decorator' || node.type === 'DecoratorBlock') {
    throw at('decorators ({{* name}}) are not available in templates');
  }
  for (const child of [...(node.body ?? []), node.program, node.inverse]) {
    if (child) refuseUnsafeStatements(child);
  }
}

/** Handlebars reports "... - 12:4" (0-based column) or "Parse error on line 12:". */
function asSourceError(error: unknown): TemplateSourceError {
  if (error instanceof TemplateSourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const located = / - (\d+):(\d+)$/.exec(message);
  if (located) {
    const text = message.slice(0, located.index);
    return new TemplateSourceError(readable(text), Number(located[1]), Number(located[2]) + 1);
  }
  const parse = /^Parse error on line (\d+):[\s\S]*got '(\w+)'$/.exec(message);
  if (parse) {
    const problem =
      parse[2] === 'EOF'
        ? 'the template ends before a {{#block}} or an expression is closed'
        : `unexpected ${parse[2]!.toLowerCase().replace(/_/g, ' ')}`;
    return new TemplateSourceError(`does not parse: ${problem}`, Number(parse[1]));
  }
  return new TemplateSourceError(readable(message));
}

function readable(message: string): string {
  const missing = /^"(.+)" not defined in .*$/.exec(message);
  if (missing) return `"${missing[1]}" is not a field of the context here`;
  const helper = /^You specified knownHelpersOnly, but used the unknown helper (.+)$/.exec(message);
  if (helper) {
    return `"${helper[1]}" is not a helper; the helpers are ${HELPER_NAMES.join(', ')}, with if, unless, each, with and lookup`;
  }
  return message;
}
