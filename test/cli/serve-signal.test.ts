/**
 * `connect-rules serve` stopped twice, with real signals: the first stop signal starts
 * the orderly shutdown (open requests get 2 s, DynamoDB Local 5 s to stop), a second
 * one during it ends serve at once, says so, and leaves no java behind. The orderly
 * path alone: test/integration/rules-api-serve.test.ts.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN } from '../support/cli.ts';
import { childrenNamed, exists } from '../support/processes.ts';

describe('connect-rules serve, stopped twice', () => {
  // A Ctrl-C (SIGINT); SIGTERM and SIGHUP take the same path. Generous: a JVM starts slowly on a busy 2-core machine.
  it('a second Ctrl-C during the shutdown ends it at once, by that signal, its java killed and reaped', { timeout: 150_000 }, async () => {
    const signal = 'SIGINT';
    const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let java: number | undefined;
    // Also after a timeout, when the test's own code never resumes: nothing of it is left running.
    onTestFinished(() => {
      if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGKILL');
      if (java !== undefined && exists(java)) process.kill(java, 'SIGKILL');
    });
    const ended = new Promise<{ signal: NodeJS.Signals | null; javaLeft: boolean }>((done) =>
      serve.once('exit', (_code, endedBy) => done({ signal: endedBy, javaLeft: java !== undefined && exists(java) })),
    );
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    serve.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    /** Resolves once serve has printed `pattern`. */
    const output = (pattern: RegExp) =>
      new Promise<void>((found, failed) => {
        const look = () => pattern.test(stdout) && (serve.stdout!.off('data', look), found());
        serve.stdout!.on('data', look);
        look();
        void ended.then(() => failed(new Error(`serve ended before printing ${pattern}.\nstdout: ${stdout}\nstderr: ${stderr}`)));
      });
    await output(/connect-rules API listening on /);
    java = childrenNamed(serve.pid!, 'java')[0];
    expect(java, 'serve runs DynamoDB Local as its java child').toBeDefined();
    // A DynamoDB Local that hangs: the orderly shutdown would wait its 5 s grace for it.
    process.kill(java!, 'SIGSTOP');
    serve.kill(signal);
    await output(new RegExp(`shutting down \\(${signal}\\)`));
    serve.kill(signal);
    expect(await ended).toEqual({ signal, javaLeft: false });
    expect(stderr).toContain(`connect-rules serve: ${signal} again, exiting now`);
  });
});
