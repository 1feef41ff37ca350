package dev.racekit.agent.rt;

/** The status the program would exit with, as far as the agent can tell. */
final class ExitStatus {
  private static volatile int exitStatus = Integer.MIN_VALUE;
  private static volatile boolean mainFailed;

  private ExitStatus() {}

  static void exitCalled(int status) {
    if (exitStatus == Integer.MIN_VALUE) {
      exitStatus = status;
    }
  }

  static void mainThreadFailed() {
    mainFailed = true;
  }

  /** {@code Runtime.exit}'s status; else 1 when main ended with an exception (the launcher's status); else 0. */
  static int status() {
    int s = exitStatus;
    if (s != Integer.MIN_VALUE) {
      return s;
    }
    return mainFailed ? 1 : 0;
  }
}
