/*
 * SPDX-License-Identifier: MIT
 *
 * FreeRTOSConfig.h for running the OTA agent on the FreeRTOS-Kernel POSIX
 * simulator port (portable/ThirdParty/GCC/Posix) on a Linux host.
 *
 * The values a firmware usually sets here for heap size, minimal stack size,
 * priorities, preemption and the timer service task are passed on the
 * compiler command line by the build (freertos-build's Builder), so they are
 * deliberately absent below. What the OTA FreeRTOS port itself needs is
 * marked "OTA port".
 */

#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#include <stdint.h>

/* One tick per millisecond: the POSIX port ticks from a helper thread with
 * usleep( 1000000 / configTICK_RATE_HZ ). */
#define configTICK_RATE_HZ                          1000
#define configUSE_16_BIT_TICKS                      0
#define configUSE_PORT_OPTIMISED_TASK_SELECTION     0
#define configUSE_TIME_SLICING                      1

/* OTA port: the event queue and the timers are allocated dynamically, and
 * Malloc_FreeRTOS is pvPortMalloc. configUSE_TIMERS and the timer service
 * task's priority, queue length and stack come from the build. */
#define configSUPPORT_DYNAMIC_ALLOCATION            1
#define configSUPPORT_STATIC_ALLOCATION             0

#define configUSE_MUTEXES                           1
#define configUSE_TASK_NOTIFICATIONS                1
#define configUSE_CO_ROUTINES                       0
#define configUSE_MALLOC_FAILED_HOOK                0
#define configUSE_TICK_HOOK                         0
#define configCHECK_FOR_STACK_OVERFLOW              0
#define configUSE_STATS_FORMATTING_FUNCTIONS        0
#define configUSE_APPLICATION_TASK_TAG              0

/* The idle task sleeps in the hook instead of spinning a host CPU. */
#define configUSE_IDLE_HOOK                         1

#define INCLUDE_vTaskDelay                          1
#define INCLUDE_xTaskGetCurrentTaskHandle           1
#define INCLUDE_xTaskGetSchedulerState              1
#define INCLUDE_vTaskPrioritySet                    0
#define INCLUDE_uxTaskPriorityGet                   0
#define INCLUDE_eTaskGetState                       0

/* A failed kernel assertion prints where it failed and aborts the process. */
void vSimAssertCalled( const char * pcFile,
                       unsigned long ulLine );
#define configASSERT( x )                                \
    do                                                   \
    {                                                    \
        if( ( x ) == 0 )                                 \
        {                                                \
            vSimAssertCalled( __FILE__, __LINE__ );      \
        }                                                \
    } while( 0 )

/* freertos-next's shim calls it; the POSIX port neither declares nor defines
 * it (posix_glue.c does). */
long xPortIsInsideInterrupt( void );

#endif /* FREERTOS_CONFIG_H */
