import type { Translator } from '../i18n.ts';
import type { AnyCommandSpec } from './spec.ts';

/** The README's command table, rendered from the registry so the two cannot drift apart. */
export function commandTable(specs: readonly AnyCommandSpec[], translator: Translator): string {
  const rows = specs.map((spec) => {
    const usage = `/${spec.name}${spec.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join('')}`;
    return `| \`${usage}\` | ${spec.role} | ${translator.t('en', `commands.${spec.name}.description`)} |`;
  });
  return ['| command | least role | what it does |', '|---|---|---|', ...rows].join('\n');
}
