/** What the two native backends share (library loading, report decoding, lifetime); not an API of its own. */
@SuppressWarnings("module") // the friend modules are built after this one
module dev.racekit.nativelib {
  requires dev.racekit.api; // its friends require it themselves

  exports dev.racekit.nativelib to dev.racekit.jni, dev.racekit.thunk;
}
