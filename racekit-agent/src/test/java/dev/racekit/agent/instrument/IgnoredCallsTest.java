package dev.racekit.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IgnoredCallsTest {
  @Test
  void metadataGettersOfTheReflectionTypesAreIgnoredCalls() {
    assertTrue(IgnoredCalls.ignored("java/lang/Class", "getAnnotation"));
    assertTrue(IgnoredCalls.ignored("java/lang/Class", "getDeclaredMethods"));
    assertTrue(IgnoredCalls.ignored("java/lang/Class", "isAnnotationPresent"));
    assertTrue(IgnoredCalls.ignored("java/lang/reflect/Method", "getGenericParameterTypes"));
    assertTrue(IgnoredCalls.ignored("java/lang/reflect/AnnotatedElement", "getAnnotationsByType"));
    assertTrue(IgnoredCalls.ignored("java/lang/reflect/Field", "getGenericType"));
    assertTrue(IgnoredCalls.ignored("java/lang/Package", "getAnnotations"));
    assertTrue(IgnoredCalls.ignored("java/lang/Enum", "valueOf"));
  }

  @Test
  void callsIntoTheLocaleDataProvidersAreIgnoredCalls() {
    assertTrue(IgnoredCalls.ignored("sun/util/locale/provider/LocaleProviderAdapter", "getAdapter"));
    assertTrue(IgnoredCalls.ignored("sun/util/locale/provider/LocaleResources", "getDecimalFormatSymbolsData"));
    assertTrue(IgnoredCalls.ignored("sun/util/resources/LocaleData", "getBundle"));
    assertTrue(IgnoredCalls.ignored("sun/text/resources/FormatData", "handleGetObject"));
    assertFalse(IgnoredCalls.ignored("sun/nio/ch/FileChannelImpl", "read"));
    assertFalse(IgnoredCalls.ignored("sun/util/logging/PlatformLogger", "getLogger"));
  }

  /** Their own methods run ignored whoever calls them: Method.invoke's first call parses the method's annotations. */
  @Test
  void theAnnotationParserAndTheGenericsReifierRunIgnoredAndTheReflectionTheyServeDoesNot() {
    assertTrue(IgnoredCalls.ignoredClass("sun/reflect/annotation/AnnotationParser"));
    assertTrue(IgnoredCalls.ignoredClass("sun/reflect/annotation/AnnotationType"));
    assertTrue(IgnoredCalls.ignoredClass("sun/reflect/generics/parser/SignatureParser"));
    assertFalse(IgnoredCalls.ignoredClass("sun/reflect/misc/ReflectUtil"));
    assertFalse(IgnoredCalls.ignored("java/lang/reflect/Method", "invoke"));
  }

  @Test
  void aCharsetsLazyAliasSetIsBuiltInAnIgnoredCallAndNothingElseOfCharsetIs() {
    assertTrue(IgnoredCalls.ignored("java/nio/charset/Charset", "aliases"));
    assertFalse(IgnoredCalls.ignored("java/nio/charset/Charset", "forName"));
    assertFalse(IgnoredCalls.ignored("java/nio/charset/Charset", "encode"));
    assertFalse(IgnoredCalls.ignored("java/nio/charset/StandardCharsets", "aliases"));
  }

  @Test
  void theBenignBodiesAreNamedExactly() {
    assertTrue(IgnoredCalls.ignoredBody("java/text/DecimalFormatSymbols", "initializeCurrency"));
    assertFalse(IgnoredCalls.ignoredBody("java/text/DecimalFormatSymbols", "getCurrencySymbol"));
    assertFalse(IgnoredCalls.ignoredBody("java/text/DecimalFormat", "initializeCurrency"));
  }

  @Test
  void callsThatRunApplicationCodeAreNot() {
    assertFalse(IgnoredCalls.ignored("java/lang/reflect/Method", "invoke"));
    assertFalse(IgnoredCalls.ignored("java/lang/reflect/Constructor", "newInstance"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "forName"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "newInstance"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "getEnumConstants"));
    assertFalse(IgnoredCalls.ignored("java/lang/reflect/Proxy", "getInvocationHandler"));
  }

  @Test
  void cheapQueriesAndOtherOwnersAreNot() {
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "isInstance"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "getComponentType"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "getName"));
    assertFalse(IgnoredCalls.ignored("java/lang/Class", "get"));
    assertFalse(IgnoredCalls.ignored("java/util/HashMap", "get"));
    assertFalse(IgnoredCalls.ignored("java/lang/Enum", "name"));
    assertFalse(IgnoredCalls.ignored("com/example/Meta", "getAnnotation"));
  }
}
