package dev.racekit.spi;

import java.util.Objects;

/**
 * Whether a backend can run here; when it cannot, a reason a user can act on.
 *
 * @param available whether the backend can run
 * @param reason why it cannot (empty when it can)
 */
public record Availability(boolean available, String reason) {
  /**
   * Checks the reason.
   *
   * @throws NullPointerException if {@code reason} is null
   */
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The backend can run here.
   *
   * @return available, with an empty reason
   */
  public static Availability yes() {
    return new Availability(true, "");
  }

  /**
   * The backend cannot run here.
   *
   * @param reason why, in words a user can act on (for example which library failed to load)
   * @return not available, with the reason
   */
  public static Availability no(String reason) {
    return new Availability(false, reason);
  }
}
