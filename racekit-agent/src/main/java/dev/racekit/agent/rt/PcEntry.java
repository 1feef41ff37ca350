package dev.racekit.agent.rt;

/**
 * One instrumented location: where it is (class, method, source file, line, bytecode index) and, for a field
 * access, which field the instruction names. The runtime resolves a field site once (declaring class, slot,
 * volatile or final) and caches the answer here.
 */
public final class PcEntry {
  public final String className;
  public final String methodName;
  public final String file;
  public final int line;
  public final int bci;
  /** For field sites: the owner the instruction names (internal form) and the field's name; else null. */
  final String fieldOwner;
  final String fieldName;
  final boolean staticField;
  /** A site in a synchronisation-only class: only a volatile field makes events. */
  final boolean syncOnly;
  /** A plain access next to a stand-alone fence that makes it a release store or an acquire load: volatile. */
  final boolean fenced;

  /** Resolution state of a field site: 0 unresolved; see {@link FieldSites}. */
  volatile int state;
  /** The field's slot in its block once resolved. */
  int slot;
  /** For static field sites: the class whose block holds the field. */
  Class<?> staticHolder;
  /**
   * For sites that use a class (a static field, a static call, {@code new}): the class's {@link Layout#initIndex},
   * {@link #INIT_UNRESOLVED} until the class was found initialised here, or {@link #INIT_NONE} when its initialiser
   * is not recorded.
   */
  int initIndex = INIT_UNRESOLVED;
  static final int INIT_UNRESOLVED = -2;
  static final int INIT_NONE = -1;

  /** A plain code location (a call site, an array access, a thread start). */
  public PcEntry(String className, String methodName, String file, int line, int bci) {
    this(className, methodName, file, line, bci, null, null, false, false);
  }

  public PcEntry(String className, String methodName, String file, int line, int bci, String fieldOwner,
      String fieldName, boolean staticField, boolean syncOnly) {
    this(className, methodName, file, line, bci, fieldOwner, fieldName, staticField, syncOnly, false);
  }

  public PcEntry(String className, String methodName, String file, int line, int bci, String fieldOwner,
      String fieldName, boolean staticField, boolean syncOnly, boolean fenced) {
    this.className = className;
    this.methodName = methodName;
    this.file = file;
    this.line = line;
    this.bci = bci;
    this.fieldOwner = fieldOwner;
    this.fieldName = fieldName;
    this.staticField = staticField;
    this.syncOnly = syncOnly;
    this.fenced = fenced;
  }

  public String fieldOwner() {
    return fieldOwner;
  }

  public String fieldName() {
    return fieldName;
  }

  public boolean staticField() {
    return staticField;
  }

  public boolean syncOnly() {
    return syncOnly;
  }

  public boolean fenced() {
    return fenced;
  }
}
