package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReflectionCallsTest {
  @Test
  void metadataGettersOfTheReflectionTypesAreIgnoredCalls() {
    assertTrue(ReflectionCalls.readsMetadata("java/lang/Class", "getAnnotation"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/Class", "getDeclaredMethods"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/Class", "isAnnotationPresent"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/reflect/Method", "getGenericParameterTypes"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/reflect/AnnotatedElement", "getAnnotationsByType"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/reflect/Field", "getGenericType"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/Package", "getAnnotations"));
    assertTrue(ReflectionCalls.readsMetadata("java/lang/Enum", "valueOf"));
  }

  @Test
  void callsThatRunApplicationCodeAreNot() {
    assertFalse(ReflectionCalls.readsMetadata("java/lang/reflect/Method", "invoke"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/reflect/Constructor", "newInstance"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "forName"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "newInstance"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "getEnumConstants"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/reflect/Proxy", "getInvocationHandler"));
  }

  @Test
  void cheapQueriesAndOtherOwnersAreNot() {
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "isInstance"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "getComponentType"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "getName"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Class", "get"));
    assertFalse(ReflectionCalls.readsMetadata("java/util/HashMap", "get"));
    assertFalse(ReflectionCalls.readsMetadata("java/lang/Enum", "name"));
    assertFalse(ReflectionCalls.readsMetadata("com/example/Meta", "getAnnotation"));
  }
}
