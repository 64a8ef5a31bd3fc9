/**
 * The `.phpt` rules of php-src's run-tests.php that an exported test must satisfy: the
 * first section is `--TEST--` (one line), section names are known, none repeats, `--FILE--`
 * and exactly one of `--EXPECT--`, `--EXPECTF--`, `--EXPECTREGEX--` are present.
 * @module
 */

/** The sections of a .phpt, checked against the rules of php-src's run-tests.php. */
const VALID_SECTIONS = new Set([
  'TEST', 'DESCRIPTION', 'CREDITS', 'SKIPIF', 'XFAIL', 'XLEAK', 'INI', 'ENV', 'EXTENSIONS', 'CONFLICTS', 'ARGS', 'STDIN', 'CAPTURE_STDIO',
  'FILE', 'FILEEOF', 'FILE_EXTERNAL', 'REDIRECTTEST', 'EXPECT', 'EXPECTF', 'EXPECTREGEX', 'EXPECT_EXTERNAL', 'EXPECTF_EXTERNAL',
  'EXPECTREGEX_EXTERNAL', 'EXPECTHEADERS', 'CLEAN', 'CGI', 'PHPDBG', 'POST', 'POST_RAW', 'GZIP_POST', 'DEFLATE_POST', 'PUT', 'GET', 'COOKIE',
  'WHITESPACE_SENSITIVE', 'FLAKY',
]);

/** Parse a .phpt the way run-tests.php does; throws with run-tests' complaint. */
export function phptSections(text: string): Array<[string, string]> {
  const lines = text.split('\n');
  if (lines[0] !== '--TEST--') throw new Error('The first section must be --TEST--');
  const sections: Array<[string, string[]]> = [];
  for (const line of lines) {
    const m = /^--([_A-Z]+)--$/.exec(line);
    if (m) {
      if (!VALID_SECTIONS.has(m[1]!)) throw new Error(`Unknown section "${m[1]}"`);
      if (sections.some(([n]) => n === m[1])) throw new Error(`duplicated ${m[1]} section`);
      sections.push([m[1]!, []]);
    } else sections[sections.length - 1]![1].push(line);
  }
  const names = sections.map(([n]) => n);
  if (!names.includes('FILE')) throw new Error('Missing section --FILE--');
  const expects = names.filter((n) => ['EXPECT', 'EXPECTF', 'EXPECTREGEX'].includes(n));
  if (expects.length !== 1) throw new Error('Missing section --EXPECT--, --EXPECTF-- or --EXPECTREGEX--');
  if (sections[0]![1].join('\n').trim().includes('\n')) throw new Error('--TEST-- must be one line');
  return sections.map(([n, body]) => [n, body.join('\n').replace(/\n$/, '')]);
}

