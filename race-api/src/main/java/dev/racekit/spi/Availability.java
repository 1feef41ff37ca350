package dev.racekit.spi;

import java.util.Objects;

/**
 * Whether a backend can run here; when it cannot, a reason a user can act on.
 *
 * @param available whether the backend can run
 * @param reason why it cannot (empty when it can)
 */
public record Availability(boolean available, String reason) {
  public Availability {
    Objects.requireNonNull(reason, "reason");
  }

  public static Availability yes() {
    return new Availability(true, "");
  }

  public static Availability no(String reason) {
    return new Availability(false, reason);
  }
}
