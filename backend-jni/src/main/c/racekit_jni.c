/*
 * JNI glue: one function per native method of dev.racekit.jni.JniNative, each a direct call into the native core
 * (race-native/include/racekit.h). Pointers travel as jlong; Java checks arguments and liveness before every call,
 * and frees native memory only when nothing can pass its pointer here, so nothing here validates beyond what the
 * core itself does.
 *
 * The header dev_racekit_jni_JniNative.h comes from javac -h, so a signature that drifts from the Java declaration
 * fails to compile here instead of failing at run time with UnsatisfiedLinkError.
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>

#include "racekit.h"
#include "dev_racekit_jni_JniNative.h"

#define DET(x) ((rk_detector *)(intptr_t)(x))
#define THR(x) ((rk_thread *)(intptr_t)(x))

/* Java long[] and uint64_t[] have the same size and representation. */
_Static_assert(sizeof(jlong) == sizeof(uint64_t), "jlong must be 64 bits");
_Static_assert(sizeof(void *) <= sizeof(jlong), "pointers must fit in a jlong");

/* ---- detector lifecycle ---- */

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_abiVersion(JNIEnv *env, jclass cls) {
  (void)env;
  (void)cls;
  return rk_abi_version();
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_open(JNIEnv *env, jclass cls, jint history_size) {
  (void)env;
  (void)cls;
  return (jlong)(intptr_t)rk_open(history_size);
}

JNIEXPORT void JNICALL Java_dev_racekit_jni_JniNative_shutdown(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  rk_shutdown(DET(d));
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_threadRelease(JNIEnv *env, jclass cls, jlong d, jlong t) {
  (void)env;
  (void)cls;
  return rk_thread_release(DET(d), THR(t));
}

JNIEXPORT void JNICALL Java_dev_racekit_jni_JniNative_close(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  rk_close(DET(d));
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_mainThread(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  return (jlong)(intptr_t)rk_main_thread(DET(d));
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_mapShadow(JNIEnv *env, jclass cls, jlong d, jlong base,
                                                                 jlong size) {
  (void)env;
  (void)cls;
  return rk_map_shadow(DET(d), (uint64_t)base, (uint64_t)size);
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_unmappedCount(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  return (jlong)rk_unmapped_count(DET(d));
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_shadowResidentBytes(JNIEnv *env, jclass cls, jlong d) {
  (void)env;
  (void)cls;
  return (jlong)rk_shadow_resident_bytes(DET(d));
}

/* ---- threads ---- */

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_threadStart(JNIEnv *env, jclass cls, jlong d, jlong parent,
                                                                   jlong pc) {
  (void)env;
  (void)cls;
  rk_thread *child = NULL;
  int rc = rk_thread_start(DET(d), THR(parent), (uint64_t)pc, &child);
  if (rc < 0) {
    return rc;
  }
  if (child == NULL) {
    return RK_ENOMEM;
  }
  /* User-space pointers are positive as signed 64-bit numbers on every supported platform, so the sign tells a
   * pointer from an error code. */
  return (jlong)(intptr_t)child;
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_threadId(JNIEnv *env, jclass cls, jlong t) {
  (void)env;
  (void)cls;
  return rk_thread_id(THR(t));
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_threadClockLength(JNIEnv *env, jclass cls, jlong t) {
  (void)env;
  (void)cls;
  return rk_thread_clock_length(THR(t));
}

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_threadEnd(JNIEnv *env, jclass cls, jlong d, jlong t,
                                                                 jlongArray clock_out) {
  (void)cls;
  jsize cap = (*env)->GetArrayLength(env, clock_out);
  uint64_t small[64];
  uint64_t *buf = small;
  if (cap > (jsize)(sizeof small / sizeof small[0])) {
    buf = malloc((size_t)cap * sizeof(uint64_t));
    if (buf == NULL) {
      return RK_ENOMEM;
    }
  }
  int64_t n = rk_thread_end(DET(d), THR(t), buf, cap);
  if (n > 0) {
    (*env)->SetLongArrayRegion(env, clock_out, 0, (jsize)(n < cap ? n : cap), (const jlong *)buf);
  }
  if (buf != small) {
    free(buf);
  }
  return n;
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_threadJoin(JNIEnv *env, jclass cls, jlong t,
                                                                 jlongArray child_clock, jint length) {
  (void)cls;
  jsize cap = (*env)->GetArrayLength(env, child_clock);
  if (length < 0 || length > cap) {
    return RK_EINVAL;
  }
  uint64_t small[64];
  uint64_t *buf = small;
  if (length > (jint)(sizeof small / sizeof small[0])) {
    buf = malloc((size_t)length * sizeof(uint64_t));
    if (buf == NULL) {
      return RK_ENOMEM;
    }
  }
  (*env)->GetLongArrayRegion(env, child_clock, 0, length, (jlong *)buf);
  int rc = rk_thread_join(THR(t), buf, length);
  if (buf != small) {
    free(buf);
  }
  return rc;
}

/* ---- hot path ---- */

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_read(JNIEnv *env, jclass cls, jlong t, jlong addr, jint size,
                                                           jlong pc) {
  (void)env;
  (void)cls;
  return rk_read(THR(t), (uint64_t)addr, (uint64_t)(uint32_t)size, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_write(JNIEnv *env, jclass cls, jlong t, jlong addr, jint size,
                                                            jlong pc) {
  (void)env;
  (void)cls;
  return rk_write(THR(t), (uint64_t)addr, (uint64_t)(uint32_t)size, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_atomicRead(JNIEnv *env, jclass cls, jlong t, jlong addr,
                                                                 jint size, jlong pc) {
  (void)env;
  (void)cls;
  return rk_access(THR(t), (uint64_t)addr, (uint64_t)(uint32_t)size, RK_ATOMIC_READ, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_atomicWrite(JNIEnv *env, jclass cls, jlong t, jlong addr,
                                                                  jint size, jlong pc) {
  (void)env;
  (void)cls;
  return rk_access(THR(t), (uint64_t)addr, (uint64_t)(uint32_t)size, RK_ATOMIC_WRITE, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_readRange(JNIEnv *env, jclass cls, jlong t, jlong addr,
                                                                jlong len, jlong pc) {
  (void)env;
  (void)cls;
  return rk_access_range(THR(t), (uint64_t)addr, (uint64_t)len, RK_READ, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_writeRange(JNIEnv *env, jclass cls, jlong t, jlong addr,
                                                                 jlong len, jlong pc) {
  (void)env;
  (void)cls;
  return rk_access_range(THR(t), (uint64_t)addr, (uint64_t)len, RK_WRITE, (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_funcEnter(JNIEnv *env, jclass cls, jlong t, jlong pc) {
  (void)env;
  (void)cls;
  return rk_func_enter(THR(t), (uint64_t)pc);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_funcExit(JNIEnv *env, jclass cls, jlong t) {
  (void)env;
  (void)cls;
  return rk_func_exit(THR(t));
}

/* ---- synchronization and memory ---- */

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_acquire(JNIEnv *env, jclass cls, jlong t, jlong sync) {
  (void)env;
  (void)cls;
  return rk_acquire(THR(t), (uint64_t)sync);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_release(JNIEnv *env, jclass cls, jlong t, jlong sync) {
  (void)env;
  (void)cls;
  return rk_release(THR(t), (uint64_t)sync);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_releaseMerge(JNIEnv *env, jclass cls, jlong t, jlong sync) {
  (void)env;
  (void)cls;
  return rk_release_merge(THR(t), (uint64_t)sync);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_ignoreBegin(JNIEnv *env, jclass cls, jlong t) {
  (void)env;
  (void)cls;
  return rk_ignore_begin(THR(t));
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_ignoreEnd(JNIEnv *env, jclass cls, jlong t) {
  (void)env;
  (void)cls;
  return rk_ignore_end(THR(t));
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_malloc(JNIEnv *env, jclass cls, jlong t, jlong addr,
                                                             jlong len) {
  (void)env;
  (void)cls;
  return rk_malloc(THR(t), (uint64_t)addr, (uint64_t)len);
}

JNIEXPORT jint JNICALL Java_dev_racekit_jni_JniNative_free(JNIEnv *env, jclass cls, jlong t, jlong addr, jlong len,
                                                           jlong pc) {
  (void)env;
  (void)cls;
  return rk_free(THR(t), (uint64_t)addr, (uint64_t)len, (uint64_t)pc);
}

/* ---- reports ---- */

JNIEXPORT jlong JNICALL Java_dev_racekit_jni_JniNative_nextReport(JNIEnv *env, jclass cls, jlong d,
                                                                  jlongArray out) {
  (void)cls;
  jsize cap = (*env)->GetArrayLength(env, out);
  uint64_t small[256];
  uint64_t *buf = small;
  if (cap > (jsize)(sizeof small / sizeof small[0])) {
    buf = malloc((size_t)cap * sizeof(uint64_t));
    if (buf == NULL) {
      return RK_ENOMEM;
    }
  }
  int64_t n = rk_next_report(DET(d), buf, cap);
  if (n > 0 && n <= cap) {
    (*env)->SetLongArrayRegion(env, out, 0, (jsize)n, (const jlong *)buf);
  }
  if (buf != small) {
    free(buf);
  }
  return n;
}
