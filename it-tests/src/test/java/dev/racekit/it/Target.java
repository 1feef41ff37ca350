package dev.racekit.it;

import java.util.List;

/**
 * Where a run happens: one of the local racekit-it images (it-tests/images/build-images.sh) and one JDK inside it.
 * JDK 25 is the build's own JDK, bind-mounted read-only; JDK 17 is Debian's openjdk-17-jre-headless, which only the
 * bookworm image carries.
 *
 * @param suite the Debian suite, which is also the image name: {@code racekit-it/<suite>:latest}
 * @param os the image's {@code PRETTY_NAME} from /etc/os-release
 * @param glibc the image's glibc version ({@code getconf GNU_LIBC_VERSION})
 * @param jdk the JDK's feature version, 17 or 25
 */
record Target(String suite, String os, String glibc, int jdk) {

  /** Every image × JDK the matrix runs: JDK 25 on all three images, JDK 17 on bookworm. */
  static final List<Target> ALL = List.of(
      new Target("bullseye", "Debian GNU/Linux 11 (bullseye)", "2.31", 25),
      new Target("bookworm", "Debian GNU/Linux 12 (bookworm)", "2.36", 25),
      new Target("trixie", "Debian GNU/Linux 13 (trixie)", "2.41", 25),
      new Target("bookworm", "Debian GNU/Linux 12 (bookworm)", "2.36", 17));

  /** Where the build's JDK 25 is mounted in the containers. */
  static final String JDK25_MOUNT = "/opt/jdk25";

  String image() {
    return "racekit-it/" + suite + ":latest";
  }

  /** The {@code java} launcher inside the container. */
  String java() {
    return jdk == 25 ? JDK25_MOUNT + "/bin/java" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java";
  }

  /** The launcher's options: native access is a JDK 22+ flag (JDK 17 rejects it), needed for JNI and FFM since 24. */
  List<String> jvmOptions() {
    return jdk >= 22 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
  }

  /** The backends that should run here: thunk is Java 25 bytecode (FFM), so only on JDK 25. */
  List<String> backends() {
    return jdk >= 25 ? List.of("java", "jni", "thunk") : List.of("java", "jni");
  }

  /** What automatic selection must pick when every library loads. */
  String automaticBackend() {
    return jdk >= 25 ? "thunk" : "jni";
  }

  /** Short and unique, for test names and the summary table: {@code bullseye(glibc 2.31)/jdk25}. */
  @Override
  public String toString() {
    return suite + "(glibc " + glibc + ")/jdk" + jdk;
  }
}
