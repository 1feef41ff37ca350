package dev.racekit.cli;

/** Bad usage or an input the tool cannot work with: reported in one line, exit status 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
