import fs from 'node:fs';

/**
 * CPU seconds from /proc/<pid>/stat: the process's own (utime + stime), or
 * those of its children it has waited for (cutime + cstime).
 */
export function cpuSeconds(
  pid: number | 'self',
  whose: 'own' | 'waited children',
): number {
  // Fields 14–17 of stat(5), counted after the parenthesised command name.
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  const first = whose === 'own' ? 11 : 13;
  return (Number(fields[first]) + Number(fields[first + 1])) / 100;
}
