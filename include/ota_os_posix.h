/*
 * SPDX-License-Identifier: MIT
 *
 * ota_os_posix.h - the POSIX implementation of the OTA OS interface (message
 * queue, timer_t timers, malloc/free).
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x port header of the
 * same name. Written by hand in C, like the rest of the public headers, so
 * that it follows the user's compiler (OtaTimerId_t width) the same way.
 *
 * Each function has the signature of the matching typedef in
 * ota_os_interface.h, so they can be assigned straight into an
 * OtaOSInterface_t. timer_t is a POSIX type: translation units including
 * this header must request POSIX interfaces (for example by defining
 * _POSIX_C_SOURCE to 199309L or later) before any system header.
 */

#ifndef _OTA_OS_POSIX_H_
#define _OTA_OS_POSIX_H_

/* Standard library includes. */
#include <stdint.h>
#include <time.h>

/* OTA library interface include. */
#include "ota_os_interface.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief One POSIX timer and the OTA timer it stands for.
 */
struct OtaTimerContext
{
    timer_t timer;        /*!< The POSIX timer. */
    OtaTimerId_t timerId; /*!< Which OTA timer it is. */
};

/** @brief OtaInitEvent_t for POSIX: open the event message queue. */
OtaOsStatus_t Posix_OtaInitEvent( OtaEventContext_t * pEventCtx );

/** @brief OtaSendEvent_t for POSIX: post one OtaEventMsg_t to the queue. */
OtaOsStatus_t Posix_OtaSendEvent( OtaEventContext_t * pEventCtx,
                                  const void * pEventMsg,
                                  unsigned int timeout );

/** @brief OtaReceiveEvent_t for POSIX: take one OtaEventMsg_t from the queue. */
OtaOsStatus_t Posix_OtaReceiveEvent( OtaEventContext_t * pEventCtx,
                                     void * pEventMsg,
                                     uint32_t timeout );

/** @brief OtaDeinitEvent_t for POSIX: close and remove the queue. */
OtaOsStatus_t Posix_OtaDeinitEvent( OtaEventContext_t * pEventCtx );

/** @brief OtaStartTimer_t for POSIX: create the timer if needed and arm it. */
OtaOsStatus_t Posix_OtaStartTimer( OtaTimerId_t otaTimerId,
                                   const char * const pTimerName,
                                   const uint32_t timeout,
                                   OtaTimerCallback_t callback );

/** @brief OtaStopTimer_t for POSIX: disarm the timer. */
OtaOsStatus_t Posix_OtaStopTimer( OtaTimerId_t otaTimerId );

/** @brief OtaDeleteTimer_t for POSIX: delete the timer. */
OtaOsStatus_t Posix_OtaDeleteTimer( OtaTimerId_t otaTimerId );

/** @brief OtaMalloc_t backed by the C library's malloc. */
void * STDC_Malloc( size_t size );

/** @brief OtaFree_t backed by the C library's free. */
void STDC_Free( void * ptr );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _OTA_OS_POSIX_H_ */
