/*
 * SPDX-License-Identifier: MIT
 *
 * ota_os_freertos_config.c - what the FreeRTOS OS port of libota.a needs to
 * know about the firmware's kernel configuration.
 *
 * The port itself (OtaInitEvent_FreeRTOS and the other functions of
 * ota_os_freertos.h) is compiled into libota.a and calls only kernel
 * functions. Two things are macros and cannot be seen from there: the tick
 * rate, and the widths of the kernel's integer types. Compile this file with
 * the firmware's kernel include paths and FreeRTOSConfig.h, next to the kernel
 * sources; it takes the place of the C agent's ota_os_freertos.c in the build.
 *
 * It exports the tick rate, and stops the build with #error when the kernel is
 * configured in a way the port does not support.
 */

#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"
#include "queue.h"
#include "timers.h"

/* The port starts its timers with xTimerGenericCommandFromTask (V10.5.0 on). */
#if ( tskKERNEL_VERSION_MAJOR < 10 ) || \
    ( ( tskKERNEL_VERSION_MAJOR == 10 ) && ( tskKERNEL_VERSION_MINOR < 5 ) )
    #error "The OTA FreeRTOS port needs FreeRTOS-Kernel V10.5.0 or later."
#endif

/* Software timers: the agent's request and self-test timers. */
#if !defined( configUSE_TIMERS ) || ( configUSE_TIMERS != 1 )
    #error "The OTA FreeRTOS port needs configUSE_TIMERS 1."
#endif

/* The queue and the timers are created with xQueueGenericCreate and
 * xTimerCreate; Malloc_FreeRTOS is pvPortMalloc. */
#if !defined( configSUPPORT_DYNAMIC_ALLOCATION ) || ( configSUPPORT_DYNAMIC_ALLOCATION != 1 )
    #error "The OTA FreeRTOS port needs configSUPPORT_DYNAMIC_ALLOCATION 1."
#endif

/* The Rust side declares BaseType_t as long and UBaseType_t and TickType_t as
 * unsigned long: true of the 32-bit ports with 32-bit ticks, of the 64-bit
 * ports and of the POSIX simulator. A negative array size stops the build
 * (C99 has no _Static_assert). */
typedef char otaFreeRTOSBaseTypeIsLong[ ( sizeof( BaseType_t ) == sizeof( long ) ) ? 1 : -1 ];
typedef char otaFreeRTOSUBaseTypeIsUnsignedLong[ ( sizeof( UBaseType_t ) == sizeof( unsigned long ) ) ? 1 : -1 ];
typedef char otaFreeRTOSTickTypeIsUnsignedLong[ ( sizeof( TickType_t ) == sizeof( unsigned long ) ) ? 1 : -1 ];
typedef char otaFreeRTOSTickRateIsSet[ ( configTICK_RATE_HZ > 0 ) ? 1 : -1 ];

/* Read by the port to turn milliseconds into ticks, as pdMS_TO_TICKS does. */
extern const uint32_t otaFreeRTOSTickRateHz;
const uint32_t otaFreeRTOSTickRateHz = ( uint32_t ) configTICK_RATE_HZ;
