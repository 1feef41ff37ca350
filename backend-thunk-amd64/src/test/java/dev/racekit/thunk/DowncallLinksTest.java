package dev.racekit.thunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.racekit.nativelib.NativeLibraryLoader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handles linked half here, half on the helper thread: every one in its place, and failures from either half. */
class DowncallLinksTest implements RunsOnThunkPlatform {
  private static SymbolLookup lib;

  @BeforeAll
  static void openLibrary() {
    NativeLibraryLoader.Result where =
        new NativeLibraryLoader("racekit_thunk", ThunkLibrary.PATH_PROPERTY, ThunkLibrary.class).locate();
    assertTrue(where.ok(), where.failure());
    lib = SymbolLookup.libraryLookup(where.path(), Arena.global());
  }

  private static List<String> allNames() {
    List<String> names = new ArrayList<>(ThunkBindings.CRITICAL.keySet());
    names.addAll(ThunkBindings.REGULAR.keySet());
    return names;
  }

  @Test
  void everyHandleHasTheTypeOfItsOwnFunction() {
    List<String> names = allNames();
    MethodHandle[] h = DowncallLinks.linkAll(Linker.nativeLinker(), lib, names.toArray(new String[0]));
    assertEquals(names.size(), h.length);
    for (int i = 0; i < h.length; i++) {
      String name = names.get(i);
      FunctionDescriptor fd = ThunkBindings.CRITICAL.getOrDefault(name, ThunkBindings.REGULAR.get(name));
      assertEquals(fd.toMethodType(), h[i].type(), name + " at " + i);
    }
  }

  @Test
  void aFailureOnEitherThreadReachesTheCaller() {
    for (int at = 0; at < 2; at++) { // index 0 is linked by the caller, index 1 by the helper
      String[] names = {"rk_open", "rk_close", "rk_thread_id"};
      names[at] = "rk_no_such_function";
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> DowncallLinks.linkAll(Linker.nativeLinker(), lib, names));
      assertEquals("no binding for rk_no_such_function", e.getMessage());
    }
  }

  @Test
  void aSymbolTheLibraryLacksIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DowncallLinks.link(Linker.nativeLinker(), name -> Optional.empty(), "rk_open"));
    assertEquals("libracekit_thunk has no symbol rk_open", e.getMessage());
  }
}
