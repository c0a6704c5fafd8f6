import { defineStrength } from '../../../engine/strength.js';

/** Do Not Track and Global Privacy Control request headers, as frameworks expose them. */
const SIGNAL = /["'](HTTP_DNT|DNT|dnt|HTTP_SEC_GPC|Sec-GPC|sec-gpc)["']|\.headers\.(dnt|DNT)\b|headers\[["'](dnt|sec-gpc)["']\]/;

export default defineStrength({
  meta: {
    code: 'STR045',
    name: 'privacy-signals-honoured',
    category: 'security',
    title: 'Do Not Track and Global Privacy Control are honoured',
    description: 'Credits server-side code that reads the DNT or Sec-GPC request header and changes what it records.',
    condition: 'Production server code reads the `DNT` or `Sec-GPC` request header and the value decides something (a comparison or a branch on it within the next few lines, or an argument passed on).',
    archetypes: ['service', 'worker'],
    opposes: [],
    references: ['Global Privacy Control specification', 'W3C Tracking Preference Expression (DNT)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const text = project.readText(file.path);
      if (!text || !SIGNAL.test(text)) continue;
      const lines = text.split('\n');
      const index = lines.findIndex((l, i) => SIGNAL.test(l) && !/^\s*(#|\/\/)/.test(l) && /==|!=|\bif\b|\?|&&|\|\||\bin\b/.test(lines.slice(i, i + 4).join('\n')));
      if (index === -1) continue;
      const both = /GPC/i.test(text) && /DNT/i.test(text);
      credit({ message: `The server reads the ${both ? 'Do Not Track and Global Privacy Control' : /GPC/i.test(lines[index] ?? '') ? 'Global Privacy Control' : 'Do Not Track'} header${both ? 's' : ''} and records less when a visitor opts out: privacy is enforced where the data is collected, not only in the client.`, path: file.path, line: index + 1 });
    }
  },
});
