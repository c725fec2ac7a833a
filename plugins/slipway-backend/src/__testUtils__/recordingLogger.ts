import {
  coreServices,
  createServiceFactory,
  LoggerService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';

/** A root logger that keeps every line (message and metadata) a test can search. */
export function recordingLogger() {
  const lines: string[] = [];
  const make = (meta: object): LoggerService & RootLoggerService => {
    const write = (level: string) => (message: string, extra?: unknown) => {
      const error = extra instanceof Error ? { error: extra.message } : extra;
      lines.push(
        JSON.stringify({ level, message, ...meta, ...(error as object) }),
      );
    };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: more => make({ ...meta, ...more }),
    };
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make({}),
    }),
  };
}
