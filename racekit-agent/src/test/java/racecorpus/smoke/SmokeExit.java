package racecorpus.smoke;

/** Exits with its own status, 3, and has no race. */
public class SmokeExit {
  public static void main(String[] args) {
    System.out.println("exiting with 3");
    System.exit(3);
  }
}
