/*
 * SPDX-License-Identifier: MIT
 *
 * ota_v1_adapter.h - v3-side entry points of the Amazon FreeRTOS v1
 * compatibility layer: build an OtaPalInterface_t from a v1 PAL (the eight
 * prvPAL_* functions of an unchanged aws_ota_pal.c), map error codes
 * between the two, and give the v1 agent API (OTA_AgentInit, ... declared in
 * aws_iot_ota_agent.h) the OS and MQTT interfaces it needs.
 *
 * Not part of either original library. Include it from files that use the
 * v3 headers (ota.h); it declares no v1 type. See docs/porting-legacy.md.
 *
 * Symbols: the v1 headers rename the PAL's cOTA_JSON_FileSignatureKey to
 * OTA_JsonFileSignatureKey and the application's xAppFirmwareVersion to
 * appFirmwareVersion, so with a v1 PAL the application does not define
 * OTA_JsonFileSignatureKey itself (and a v1 application does not define
 * appFirmwareVersion).
 */

#ifndef OTA_V1_ADAPTER_H
#define OTA_V1_ADAPTER_H

#include <stdbool.h>
#include <stdint.h>

#include "ota.h"
#include "ota_platform_interface.h"

/* Same default as aws_iot_ota_agent.h: 110 = OTA V1.1.x / V1.2.x layout,
 * 100 = V1.0.x. Define it the same way for the PAL and for this file. */
#ifndef OTA_V1_FILE_CONTEXT_LAYOUT
    #define OTA_V1_FILE_CONTEXT_LAYOUT    110
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/*----------------------- A v1 PAL under the v3 agent ----------------------*/

/**
 * @brief Fill pPal with functions that call the v1 PAL's prvPAL_*
 * functions, for an application written against the v3 API.
 *
 * Call it before OTA_Init, through the OTA_V1_GetPalInterface macro. The
 * adapter keeps one v1 OTA_FileContext_t of the given layout for the PAL,
 * filled from the agent's OtaFileContext_t before each file call (paths,
 * sizes, job and stream names, bitmap, a copy of the signature in a
 * Sig256_t, self-test flag, ...). Its handle union (pucFile, lFileHandle,
 * pxFile) is left to the PAL from prvPAL_CreateFileForRx to the
 * prvPAL_Abort that ends the file; the agent's pFile is non-NULL exactly
 * while that handle is. v1 error words become PAL status words with
 * OTA_V1_ToPalStatus. A write that returns any value >= 0 counts as the
 * whole block, as in v1.
 *
 * @param[out] pPal The table to fill (for example &interfaces.pal).
 * @param[in] layout OTA_V1_FILE_CONTEXT_LAYOUT of the PAL: 100 or 110.
 * @return false if pPal is NULL or the layout is unknown.
 */
bool OTA_V1_GetPalInterfaceForLayout( OtaPalInterface_t * pPal,
                                      uint32_t layout );

/** @brief OTA_V1_GetPalInterfaceForLayout with this file's layout. */
#define OTA_V1_GetPalInterface( pPal ) \
    OTA_V1_GetPalInterfaceForLayout( ( pPal ), ( uint32_t ) OTA_V1_FILE_CONTEXT_LAYOUT )

/*------------------------------ Error codes -------------------------------*/

/**
 * @brief Turn a v1 OTA_Err_t (agent code in bits 31..24, sub code below)
 * into a v3 PAL status word with the same sub code.
 *
 * Only a zero word is success, as the v1 agent judged it. The v1 codes with
 * a v3 equivalent map to it: SignatureCheckFailed, BadSignerCert,
 * OutOfMemory, ActivateFailed, CommitFailed, RejectFailed, AbortFailed,
 * BadImageState, FileAbort, FileClose, RxFileCreateFailed,
 * BootInfoCreateFailed, RxFileTooLarge, NullFilePtr (OtaPalNullFileContext)
 * and Uninitialized. Any other code (for example ResetNotSupported, Panic,
 * or a non-zero sub code with agent code 0) takes fallbackMain.
 *
 * @param[in] v1Err The v1 result.
 * @param[in] fallbackMain Main code for v1 codes without an equivalent,
 * normally the failure code of the operation (OtaPalFileClose for a close).
 * @return The PAL status word.
 */
OtaPalStatus_t OTA_V1_ToPalStatus( uint32_t v1Err,
                                   OtaPalMainStatus_t fallbackMain );

/**
 * @brief Turn a v3 PAL status word into a v1 OTA_Err_t with the same sub
 * code: the inverse of OTA_V1_ToPalStatus on the codes both know. Success
 * (main code OtaPalSuccess) gives kOTA_Err_None whatever the sub code; an
 * unknown main code gives kOTA_Err_Uninitialized with the sub code.
 *
 * @param[in] status The PAL status word.
 * @return The v1 error word.
 */
uint32_t OTA_V1_FromPalStatus( OtaPalStatus_t status );

/*-------------------------- The v1 agent API ------------------------------*/

/**
 * @brief What the v1 agent API (OTA_AgentInit and the rest, declared in
 * aws_iot_ota_agent.h) needs from the platform.
 *
 * The v1 agent created its own task and called the FreeRTOS MQTT library
 * with the connection given to OTA_AgentInit. This library runs the v3
 * agent, so the application provides what a v3 application would: OS and
 * MQTT interfaces, the task, and the glue that hands received job documents
 * and stream blocks to OTA_SignalEvent. Fill this in a file that includes
 * the v3 headers and pass it to OTA_V1_SetPlatform before OTA_AgentInit.
 */
typedef struct OtaV1Platform
{
    /**
     * @brief os, mqtt and (for HTTP downloads) http. Copied when OTA_AgentInit
     * starts the agent; its pal member is ignored: the v1 PAL is used (or the
     * callbacks given to OTA_AgentInit_internal).
     */
    const OtaInterfaces_t * pInterfaces;

    /**
     * @brief Buffers for OTA_Init; NULL lets the agent allocate them through
     * os.mem. Must outlive the agent.
     */
    const OtaAppBuffer_t * pAppBuffer;

    /**
     * @brief Creates the task that runs OTA_EventProcessingTask( NULL ).
     * Called by OTA_AgentInit once the agent is initialised. NULL when the
     * application runs the event loop itself (OTA_EventProcess); then
     * OTA_AgentInit and OTA_AgentShutdown do not wait for the agent.
     */
    void ( * startAgentTask )( void );

    /**
     * @brief Blocks the caller for about one tick (for example
     * vTaskDelay( 1 )); used while OTA_AgentInit and OTA_AgentShutdown wait
     * up to xTicksToWait ticks for the agent. NULL: each tick is one poll.
     */
    void ( * delayOneTick )( void );

    /**
     * @brief Receives the v3 events the v1 callback has no name for:
     * OtaJobEventProcessed (return the OtaEventData_t buffer to your pool),
     * OtaJobEventReceivedJob, OtaJobEventUpdateComplete,
     * OtaJobEventSelfTestFailed, OtaJobEventNoActiveJob, and
     * OtaJobEventParseCustomJob when OTA_AgentInit_internal was given no
     * custom-job callback. May be NULL only if the glue keeps no buffers
     * with the agent.
     */
    OtaAppCallback_t eventHook;
} OtaV1Platform_t;

/**
 * @brief Give the v1 agent API its platform (copied). Call before
 * OTA_AgentInit.
 *
 * @param[in] pPlatform The platform; pInterfaces must not be NULL.
 * @return false if pPlatform or pPlatform->pInterfaces is NULL.
 */
bool OTA_V1_SetPlatform( const OtaV1Platform_t * pPlatform );

/**
 * @brief The connection passed to OTA_AgentInit (an OTA_ConnectionContext_t
 * pointer from V1.1 on, the MQTT connection handle in V1.0.x), or the one
 * passed to OTA_Resume since. For the MQTT glue.
 *
 * @return The pointer, or NULL before OTA_AgentInit.
 */
void * OTA_V1_GetConnection( void );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_V1_ADAPTER_H */
