import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

const STOP_GRACE_MS = 5000;

let pdeathsigWrapper: string | undefined | null = null;

/**
 * `setpriv --pdeathsig KILL` makes the kernel kill a child when the process
 * that started it dies, even by SIGKILL, so an interrupted test run never
 * leaves a control plane behind.
 */
function deathSignalWrapper(): string | undefined {
  if (pdeathsigWrapper === null) {
    pdeathsigWrapper = ['/usr/bin/setpriv', '/bin/setpriv'].find(p =>
      fs.existsSync(p),
    );
  }
  return pdeathsigWrapper;
}

const running = new Set<ManagedProcess>();

function killAllNow() {
  for (const proc of running) {
    proc.killNow();
  }
}

let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) {
    return;
  }
  exitHooksInstalled = true;
  process.once('exit', killAllNow);
}

/** A long-running child process whose output goes to a log file. */
export class ManagedProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    readonly logFile: string,
    env: NodeJS.ProcessEnv = process.env,
    /** A user to run as when we are root (PostgreSQL refuses to run as root). */
    runAs?: string,
  ) {
    const out = fs.openSync(logFile, 'a');
    const wrapper = deathSignalWrapper();
    const asUser =
      runAs && process.getuid?.() === 0
        ? [`--reuid=${runAs}`, `--regid=${runAs}`, '--init-groups']
        : [];
    const [file, argv] = wrapper
      ? [wrapper, [...asUser, '--pdeathsig', 'KILL', '--', command, ...args]]
      : [command, args];
    this.child = spawn(file, argv, {
      stdio: ['ignore', out, out],
      env,
      detached: false,
    });
    fs.closeSync(out);
    this.exited = new Promise(resolve => {
      this.child.once('exit', code => {
        this.exitCode = code;
        running.delete(this);
        resolve(code);
      });
      this.child.once('error', () => {
        this.exitCode = -1;
        running.delete(this);
        resolve(-1);
      });
    });
    running.add(this);
    installExitHooks();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** The last lines of the log, for error messages. */
  tail(lines = 20): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }

  killNow() {
    if (!this.hasExited) {
      this.child.kill('SIGKILL');
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once it is gone. */
  async stop(): Promise<void> {
    if (this.hasExited) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.killNow(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
