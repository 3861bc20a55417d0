/*
 * SPDX-License-Identifier: MIT
 *
 * ota_os_interface.h - the OS services the OTA agent needs from the platform:
 * an event queue, two one-shot timers and a heap.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the enums below take whatever
 * width the user's C compiler gives them (one byte with -fshort-enums, the
 * arm-none-eabi default), and the library is built to match.
 *
 * The application fills an OtaOSInterface_t with its own functions (or with
 * a port such as ota_os_posix.h / ota_os_freertos.h) and passes it inside
 * OtaInterfaces_t to OTA_Init.
 */

#ifndef OTA_OS_INTERFACE_H
#define OTA_OS_INTERFACE_H

/* size_t and fixed-width integers used in the signatures below. */
#include <stddef.h>
#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief Opaque state of an event queue implementation.
 *
 * Only ever handled through a pointer. The agent passes NULL for it in every
 * event call, so a port keeps its queue in its own storage.
 */
struct OtaEventContext;

/** @brief Typedef of the opaque event queue state. */
typedef struct OtaEventContext OtaEventContext_t;

/**
 * @brief Identifies one of the agent's timers.
 */
typedef enum
{
    OtaRequestTimer = 0, /*!< Resends a job or block request after silence. */
    OtaSelfTestTimer,    /*!< Bounds the self-test phase; expiry resets the device. */
    OtaNumOfTimers       /*!< Number of timers; not a timer. */
} OtaTimerId_t;

/**
 * @ingroup ota_enum_types
 * @brief Result of an OS interface call.
 */
typedef enum OtaOsStatus
{
    OtaOsSuccess = 0,                    /*!< The call succeeded. */
    OtaOsEventQueueCreateFailed = 0x80U, /*!< The event queue could not be created. */
    OtaOsEventQueueSendFailed,           /*!< An event could not be queued (0x81). */
    OtaOsEventQueueReceiveFailed,        /*!< No event could be taken from the queue (0x82). */
    OtaOsEventQueueDeleteFailed,         /*!< The event queue could not be deleted (0x83). */
    OtaOsTimerCreateFailed,              /*!< A timer could not be created (0x84). */
    OtaOsTimerStartFailed,               /*!< A timer could not be started (0x85). */
    OtaOsTimerRestartFailed,             /*!< A running timer could not be restarted (0x86). */
    OtaOsTimerStopFailed,                /*!< A timer could not be stopped (0x87). */
    OtaOsTimerDeleteFailed               /*!< A timer could not be deleted (0x88). */
} OtaOsStatus_t;

/**
 * @brief Create the event queue. Called once, by the first OTA_Init.
 *
 * @param[in] pEventCtx Queue state; the agent passes NULL.
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaInitEvent_t ) ( OtaEventContext_t * pEventCtx );

/**
 * @brief Append one event to the queue.
 *
 * The port copies sizeof( OtaEventMsg_t ) bytes from pEventMsg; the caller's
 * copy may go away as soon as this returns.
 *
 * @param[in] pEventCtx Queue state; the agent passes NULL.
 * @param[in] pEventMsg The OtaEventMsg_t to enqueue.
 * @param[in] timeout Longest time to block, in milliseconds (the agent uses 0).
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaSendEvent_t )( OtaEventContext_t * pEventCtx,
                                            const void * pEventMsg,
                                            unsigned int timeout );

/**
 * @brief Take the oldest event from the queue, waiting up to timeout.
 *
 * @param[in] pEventCtx Queue state; the agent passes NULL.
 * @param[out] pEventMsg Where to copy the OtaEventMsg_t.
 * @param[in] timeout Longest time to block, in milliseconds.
 * @return OtaOsSuccess if an event was copied out, otherwise a failure code.
 */
typedef OtaOsStatus_t ( * OtaReceiveEvent_t )( OtaEventContext_t * pEventCtx,
                                               void * pEventMsg,
                                               uint32_t timeout );

/**
 * @brief Destroy the event queue and release what it holds.
 *
 * @param[in] pEventCtx Queue state; the agent passes NULL.
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaDeinitEvent_t )( OtaEventContext_t * pEventCtx );

/**
 * @brief Function the platform calls, from its timer context, when a timer
 * started with OtaStartTimer_t expires.
 *
 * @param[in] otaTimerId The timer that expired.
 */
typedef void ( * OtaTimerCallback_t )( OtaTimerId_t otaTimerId );

/**
 * @brief Start a one-shot timer, or restart it if it is already running.
 *
 * @param[in] otaTimerId Which timer.
 * @param[in] pTimerName A readable name for the timer.
 * @param[in] timeout Expiry delay in milliseconds.
 * @param[in] callback Called once when the timer expires.
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaStartTimer_t ) ( OtaTimerId_t otaTimerId,
                                              const char * const pTimerName,
                                              const uint32_t timeout,
                                              OtaTimerCallback_t callback );

/**
 * @brief Stop a timer without deleting it.
 *
 * @param[in] otaTimerId Which timer.
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaStopTimer_t ) ( OtaTimerId_t otaTimerId );

/**
 * @brief Stop a timer and free its resources.
 *
 * @param[in] otaTimerId Which timer.
 * @return OtaOsSuccess, or an OtaOs* failure code.
 */
typedef OtaOsStatus_t ( * OtaDeleteTimer_t ) ( OtaTimerId_t otaTimerId );

/**
 * @brief Allocate size bytes; return NULL when out of memory.
 *
 * Used for job strings and buffers that the application did not supply in
 * OtaAppBuffer_t.
 */
typedef void * ( * OtaMalloc_t ) ( size_t size );

/**
 * @brief Release memory obtained from the matching OtaMalloc_t. A NULL
 * pointer must be accepted and ignored.
 */
typedef void ( * OtaFree_t ) ( void * ptr );

/**
 * @ingroup ota_struct_types
 * @brief Event queue operations.
 */
typedef struct OtaEventInterface
{
    OtaInitEvent_t init;               /*!< Create the queue. */
    OtaSendEvent_t send;               /*!< Enqueue one event. */
    OtaReceiveEvent_t recv;            /*!< Dequeue one event, with timeout. */
    OtaDeinitEvent_t deinit;           /*!< Destroy the queue. */
    OtaEventContext_t * pEventContext; /*!< Port-owned queue state; not read by the agent. */
} OtaEventInterface_t;

/**
 * @ingroup ota_struct_types
 * @brief Timer operations.
 *
 * The third member is called delete in C. That is a keyword in C++, so C++
 * translation units see the same slot as deleteTimer.
 */
typedef struct OtaTimerInterface
{
    OtaStartTimer_t start;            /*!< Start or restart a timer. */
    OtaStopTimer_t stop;              /*!< Stop a timer. */
    #ifndef __cplusplus
        OtaDeleteTimer_t delete;      /*!< Delete a timer. */
    #else
        OtaDeleteTimer_t deleteTimer; /*!< Delete a timer (name used by C++). */
    #endif
} OtaTimerInterface_t;

/**
 * @ingroup ota_struct_types
 * @brief Heap operations.
 */
typedef struct OtaMallocInterface
{
    OtaMalloc_t malloc; /*!< Allocate memory. */
    OtaFree_t free;     /*!< Release memory. */
} OtaMallocInterface_t;

/**
 * @ingroup ota_struct_types
 * @brief Everything the agent needs from the operating system.
 */
typedef struct OtaOSInterface
{
    OtaEventInterface_t event; /*!< Event queue. */
    OtaTimerInterface_t timer; /*!< Timers. */
    OtaMallocInterface_t mem;  /*!< Heap. */
} OtaOSInterface_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_OS_INTERFACE_H */
