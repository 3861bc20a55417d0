/*
 * SPDX-License-Identifier: MIT
 *
 * ota_os_freertos.h - the FreeRTOS implementation of the OTA OS interface
 * (queue, software timers, pvPortMalloc/vPortFree).
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x port header of the
 * same name. Written by hand in C, like the rest of the public headers, so
 * that it follows the user's compiler (OtaTimerId_t width) the same way.
 *
 * Each function has the signature of the matching typedef in
 * ota_os_interface.h, so they can be assigned straight into an
 * OtaOSInterface_t. The header itself needs no FreeRTOS headers.
 */

#ifndef _OTA_OS_FREERTOS_H_
#define _OTA_OS_FREERTOS_H_

/* Standard library includes. */
#include <stdint.h>
#include <string.h>

/* OTA library interface include. */
#include "ota_os_interface.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/** @brief OtaInitEvent_t for FreeRTOS: create the event queue. */
OtaOsStatus_t OtaInitEvent_FreeRTOS( OtaEventContext_t * pEventCtx );

/** @brief OtaSendEvent_t for FreeRTOS: post one OtaEventMsg_t to the queue. */
OtaOsStatus_t OtaSendEvent_FreeRTOS( OtaEventContext_t * pEventCtx,
                                     const void * pEventMsg,
                                     unsigned int timeout );

/** @brief OtaReceiveEvent_t for FreeRTOS: take one OtaEventMsg_t from the queue. */
OtaOsStatus_t OtaReceiveEvent_FreeRTOS( OtaEventContext_t * pEventCtx,
                                        void * pEventMsg,
                                        uint32_t timeout );

/** @brief OtaDeinitEvent_t for FreeRTOS: delete the queue. */
OtaOsStatus_t OtaDeinitEvent_FreeRTOS( OtaEventContext_t * pEventCtx );

/** @brief OtaStartTimer_t for FreeRTOS: create the timer if needed, or reset it, and start it. */
OtaOsStatus_t OtaStartTimer_FreeRTOS( OtaTimerId_t otaTimerId,
                                      const char * const pTimerName,
                                      const uint32_t timeout,
                                      OtaTimerCallback_t callback );

/** @brief OtaStopTimer_t for FreeRTOS: stop the timer. */
OtaOsStatus_t OtaStopTimer_FreeRTOS( OtaTimerId_t otaTimerId );

/** @brief OtaDeleteTimer_t for FreeRTOS: delete the timer. */
OtaOsStatus_t OtaDeleteTimer_FreeRTOS( OtaTimerId_t otaTimerId );

/** @brief OtaMalloc_t backed by the FreeRTOS heap. */
void * Malloc_FreeRTOS( size_t size );

/** @brief OtaFree_t backed by the FreeRTOS heap. */
void Free_FreeRTOS( void * ptr );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _OTA_OS_FREERTOS_H_ */
