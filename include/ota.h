/*
 * SPDX-License-Identifier: MIT
 *
 * ota.h - the OTA agent API: initialisation, the event loop, image state
 * control, and the types the application callback receives.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name; existing firmware compiles against it unchanged. Written by hand in
 * C, not generated: enum widths must follow the user's C compiler (one byte
 * under -fshort-enums, the arm-none-eabi default) and OtaAgentContext_t
 * holds arrays sized by ota_config.h.
 *
 * One addition: OTA_Init is, by default, a macro that also passes the
 * configuration this translation unit was compiled with, so that a library
 * built with different ota_config.h values refuses to start instead of
 * corrupting memory. See OTA_InitWithConfigCheck below.
 */

#ifndef OTA_H
#define OTA_H

/* Standard includes. stdio.h provides FILE for the default
 * otaconfigOTA_FILE_TYPE on hosts. */
#include <stdio.h>
#include <stdint.h>

/* OTA library interface includes. */
#include "ota_private.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @ingroup ota_helpers
 * @brief Length of a string literal or char array initialised from one,
 * without its NUL.
 */
#define CONST_STRLEN( s )    ( ( ( uint32_t ) sizeof( s ) ) - 1UL )

/**
 * @brief Size of OTA_JsonFileSignatureKey, NUL included.
 */
#define OTA_FILE_SIG_KEY_STR_MAX_LENGTH    32

/**
 * @ingroup ota_helpers
 * @brief Job document key under which the file signature is found, for
 * example "sig-sha256-ecdsa".
 *
 * Defined by the PAL, not by this library: it names the signature scheme the
 * PAL can verify.
 */
extern const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ];

/*-------------------------- OTA enumerated types --------------------------*/

/**
 * @ingroup ota_enum_types
 * @brief Result of an OTA API call.
 *
 * Plain consecutive values from 0.
 */
typedef enum OtaErr
{
    OtaErrNone = 0,               /*!< Success. */
    OtaErrUninitialized,          /*!< No result set yet. */
    OtaErrPanic,                  /*!< Unrecoverable internal error. */
    OtaErrInvalidArg,             /*!< An argument is invalid. */
    OtaErrAgentStopped,           /*!< The agent is not running. */
    OtaErrSignalEventFailed,      /*!< An event could not be queued. */
    OtaErrRequestJobFailed,       /*!< The job request could not be sent. */
    OtaErrInitFileTransferFailed, /*!< The file transfer could not be started. */
    OtaErrRequestFileBlockFailed, /*!< A block request could not be sent. */
    OtaErrCleanupControlFailed,   /*!< Cleaning up the control channel failed. */
    OtaErrCleanupDataFailed,      /*!< Cleaning up the data channel failed. */
    OtaErrUpdateJobStatusFailed,  /*!< A job status update could not be sent. */
    OtaErrJobParserError,         /*!< The job document could not be parsed. */
    OtaErrInvalidDataProtocol,    /*!< The job offers no enabled data protocol. */
    OtaErrMomentumAbort,          /*!< Too many requests went unanswered. */
    OtaErrDowngradeNotAllowed,    /*!< The new image is older than the current one. */
    OtaErrSameFirmwareVersion,    /*!< The new image has the current version. */
    OtaErrImageStateMismatch,     /*!< Job and platform disagree about self test. */
    OtaErrNoActiveJob,            /*!< There is no job to act on. */
    OtaErrUserAbort,              /*!< The application aborted the job. */
    OtaErrFailedToEncodeCbor,     /*!< A stream request could not be encoded. */
    OtaErrFailedToDecodeCbor,     /*!< A stream response could not be decoded. */
    OtaErrActivateFailed,         /*!< The new image could not be activated. */
    OtaErrFileSizeOverflow,       /*!< The file is larger than supported. */
    OtaErrEmptyJobDocument        /*!< The job document holds no job (normal at start-up). */
} OtaErr_t;

/**
 * @ingroup ota_enum_types
 * @brief States of the OTA agent.
 */
typedef enum OtaState
{
    OtaAgentStateNoTransition = -1,   /*!< Table marker; never entered. */
    OtaAgentStateInit = 0,            /*!< Initialised, event loop not started. */
    OtaAgentStateReady,               /*!< Event loop running, waiting for Start. */
    OtaAgentStateRequestingJob,       /*!< Asking for the next job. */
    OtaAgentStateWaitingForJob,       /*!< Waiting for a job document. */
    OtaAgentStateCreatingFile,        /*!< Opening the file for a new job. */
    OtaAgentStateRequestingFileBlock, /*!< Asking for file blocks. */
    OtaAgentStateWaitingForFileBlock, /*!< Waiting for file blocks. */
    OtaAgentStateClosingFile,         /*!< Table marker; never entered. */
    OtaAgentStateSuspended,           /*!< Suspended by OTA_Suspend. */
    OtaAgentStateShuttingDown,        /*!< Shutting down. */
    OtaAgentStateStopped,             /*!< Not running. */
    OtaAgentStateAll                  /*!< Table marker meaning "any state". */
} OtaState_t;

/**
 * @ingroup ota_enum_types
 * @brief Job document parsing results, also set by the application for
 * custom jobs.
 */
typedef enum OtaJobParseErr
{
    OtaJobParseErrUnknown = -1,        /*!< No result set yet. */
    OtaJobParseErrNone = 0,            /*!< Parsed successfully. */
    OtaJobParseErrNullJob,             /*!< The document has no job ID. */
    OtaJobParseErrUpdateCurrentJob,    /*!< The job is the one already in progress. */
    OtaJobParseErrZeroFileSize,        /*!< The job's file size is zero. */
    OtaJobParseErrNonConformingJobDoc, /*!< The document does not match the model. */
    OtaJobParseErrBadModelInitParams,  /*!< The model could not be set up (e.g. file too large for the bitmap). */
    OtaJobParseErrNoContextAvailable,  /*!< No file context is free. */
    OtaJobParseErrNoActiveJobs         /*!< The service has no job for this device. */
} OtaJobParseErr_t;

/**
 * @ingroup ota_enum_types
 * @brief Events passed to the application callback.
 *
 * What pData points to for each event:
 *
 * event                      | pData
 * ---------------------------|------------------------------------------------
 * OtaJobEventActivate        | OtaJobDocument_t (status, reason)
 * OtaJobEventFail            | OtaJobDocument_t (status, reason, subReason)
 * OtaJobEventStartTest       | NULL
 * OtaJobEventProcessed       | the OtaEventData_t given to OTA_SignalEvent; free it now
 * OtaJobEventSelfTestFailed  | NULL
 * OtaJobEventParseCustomJob  | OtaJobDocument_t (job ID and JSON); set parseErr
 * OtaJobEventReceivedJob     | OtaJobDocument_t (job ID, JSON, fileTypeId)
 * OtaJobEventUpdateComplete  | OtaJobDocument_t (status, reason, subReason)
 * OtaJobEventNoActiveJob     | NULL
 *
 * Pointers inside an OtaJobDocument_t may point into an event buffer and are
 * only valid during the callback.
 */
typedef enum OtaJobEvent
{
    OtaJobEventActivate = 0,       /*!< A verified firmware image is ready; call OTA_ActivateNewImage. */
    OtaJobEventFail = 1,           /*!< The job failed. */
    OtaJobEventStartTest = 2,      /*!< The new image is in self test; run checks, then set its state. */
    OtaJobEventProcessed = 3,      /*!< An event buffer is no longer used by the agent. */
    OtaJobEventSelfTestFailed = 4, /*!< The self test failed; the device will reset. */
    OtaJobEventParseCustomJob = 5, /*!< A job that is not an OTA job arrived. */
    OtaJobEventReceivedJob = 6,    /*!< A valid OTA job arrived. */
    OtaJobEventUpdateComplete = 7, /*!< A file that is not firmware was received. */
    OtaJobEventNoActiveJob = 8,    /*!< No job is pending. */
    OtaLastJobEvent = OtaJobEventStartTest /*!< Kept with its historical value, 2. */
} OtaJobEvent_t;

/**
 * @ingroup ota_enum_types
 * @brief Job execution status reported to the Jobs service.
 */
typedef enum
{
    JobStatusInProgress = 0, /*!< IN_PROGRESS. */
    JobStatusFailed,         /*!< FAILED. */
    JobStatusSucceeded,      /*!< SUCCEEDED. */
    JobStatusRejected,       /*!< REJECTED. */
    JobStatusFailedWithVal,  /*!< FAILED, with numeric reason and sub reason. */
    NumJobStatusMappings     /*!< Number of statuses; not a status. */
} OtaJobStatus_t;

/**
 * @ingroup ota_struct_types
 * @brief A job as seen by the application callback.
 */
typedef struct OtaJobDocument
{
    const uint8_t * pJobDocJson; /*!< Job document JSON (not NUL-terminated). */
    size_t jobDocLength;         /*!< Length of pJobDocJson. */
    const uint8_t * pJobId;      /*!< Job ID. */
    size_t jobIdLength;          /*!< Length of pJobId. */
    uint32_t fileTypeId;         /*!< File type from the job. */
    OtaJobParseErr_t parseErr;   /*!< Parse result; set by the application for custom jobs. */
    OtaJobStatus_t status;       /*!< Job status. */
    int32_t reason;              /*!< Status reason. */
    int32_t subReason;           /*!< Status sub reason. */
} OtaJobDocument_t;

/*------------------------- OTA callbacks --------------------------*/

/**
 * @ingroup ota_callback_types
 * @brief The application callback given to OTA_Init.
 *
 * Runs in the task that runs the agent's event loop (and inside OTA_Init
 * for events still queued from an earlier run). It may call OTA_SetImageState,
 * OTA_ActivateNewImage and OTA_SignalEvent. See OtaJobEvent_t for pData.
 *
 * @param[in] eEvent What happened.
 * @param[in] pData Event-specific data, or NULL.
 */
typedef void (* OtaAppCallback_t)( OtaJobEvent_t eEvent,
                                   void * pData );

/*--------------------------- OTA structs ----------------------------*/

/**
 * @ingroup ota_struct_types
 * @brief All the interfaces the agent calls.
 *
 * OTA_Init keeps the pointer it is given, so this must outlive the agent.
 */
typedef struct OtaInterface
{
    OtaOSInterface_t os;     /*!< Events, timers and heap. */
    OtaMqttInterface_t mqtt; /*!< MQTT client. */
    OtaHttpInterface_t http; /*!< HTTP client (needed only for HTTP downloads). */
    OtaPalInterface_t pal;   /*!< Platform abstraction layer. */
} OtaInterfaces_t;

/**
 * @ingroup ota_struct_types
 * @brief Buffers the application lends the agent.
 *
 * A buffer with size 0 is allocated from the OS heap interface instead. The
 * agent keeps the pointers, so the buffers must outlive it. Field spellings
 * (updateFilePathsize) and the uint32_t decodeMemorySize are part of the
 * interface.
 */
typedef struct OtaAppBuffer
{
    uint8_t * pUpdateFilePath;   /*!< Receives the file path. */
    uint16_t updateFilePathsize; /*!< Size of pUpdateFilePath. */
    uint8_t * pCertFilePath;     /*!< Receives the certificate path. */
    uint16_t certFilePathSize;   /*!< Size of pCertFilePath. */
    uint8_t * pStreamName;       /*!< Receives the stream name. */
    uint16_t streamNameSize;     /*!< Size of pStreamName. */
    uint8_t * pDecodeMemory;     /*!< Scratch space for decoding one block. */
    uint32_t decodeMemorySize;   /*!< Size of pDecodeMemory. */
    uint8_t * pFileBitmap;       /*!< Block bitmap storage. */
    uint16_t fileBitmapSize;     /*!< Size of pFileBitmap. */
    uint8_t * pUrl;              /*!< Receives the pre-signed URL. */
    uint16_t urlSize;            /*!< Size of pUrl. */
    uint8_t * pAuthScheme;       /*!< Receives the HTTP authorization scheme. */
    uint16_t authSchemeSize;     /*!< Size of pAuthScheme. */
} OtaAppBuffer_t;

/**
 * @ingroup ota_private_struct_types
 * @brief The agent's state as laid out by the original C implementation.
 *
 * This library keeps its own state elsewhere; the type is declared so that
 * code referring to it (such as the prototypes in ota_mqtt_private.h) still
 * compiles, and its size is part of the configuration check. Its layout
 * depends on otaconfigMAX_THINGNAME_LEN.
 */
typedef struct OtaAgentContext
{
    OtaState_t state;                                      /*!< Agent state. */
    uint8_t pThingName[ otaconfigMAX_THINGNAME_LEN + 1U ]; /*!< Thing name and its NUL. */
    OtaFileContext_t fileContext;                          /*!< The file being received. */
    uint32_t fileIndex;                                    /*!< Index of the current file. */
    uint32_t serverFileID;                                 /*!< File ID used in stream requests. */
    uint8_t pActiveJobName[ OTA_JOB_ID_MAX_SIZE ];         /*!< ID of the job in progress. */
    uint8_t * pClientTokenFromJob;                         /*!< clientToken of the latest job document. */
    uint32_t timestampFromJob;                             /*!< timestamp of the latest job document. */
    OtaImageState_t imageState;                            /*!< State of the running image. */
    uint32_t numOfBlocksToReceive;                         /*!< Blocks expected per request. */
    OtaAgentStatistics_t statistics;                       /*!< Packet counters. */
    uint32_t requestMomentum;                              /*!< Requests sent without progress. */
    const OtaInterfaces_t * pOtaInterface;                 /*!< Interfaces given to OTA_Init. */
    OtaAppCallback_t OtaAppCallback;                       /*!< Application callback. */
    uint8_t unsubscribeOnShutdown;                         /*!< Unsubscribe from job topics at shutdown. */
    uint8_t isOtaInterfaceInited;                          /*!< pOtaInterface has been set. */
} OtaAgentContext_t;

/*------------------------- OTA Public API --------------------------*/

/**
 * @brief Initialise the OTA agent.
 *
 * Validates the arguments, stores the interface and buffer pointers, copies
 * the thing name and puts the agent in OtaAgentStateInit; the event loop then
 * moves it to Ready. Call it before anything else; only one agent exists.
 * Calling it again while the agent runs only resets the statistics.
 *
 * Unless OTA_NO_INIT_CONFIG_CHECK is defined, calls written as OTA_Init( ... )
 * are redirected to OTA_InitWithConfigCheck by the macro that follows.
 *
 * @param[in] pOtaBuffer Buffers lent to the agent (size 0 = allocate).
 * @param[in] pOtaInterfaces Interfaces the agent calls; kept, not copied.
 * @param[in] pThingName NUL-terminated thing name, at most
 * otaconfigMAX_THINGNAME_LEN characters.
 * @param[in] OtaAppCallback Application callback.
 * @return OtaErrNone, or the reason the agent could not be initialised
 * (OtaErrUninitialized for a missing or too long thing name).
 */
/* @[declare_ota_init] */
OtaErr_t OTA_Init( const OtaAppBuffer_t * pOtaBuffer,
                   const OtaInterfaces_t * pOtaInterfaces,
                   const uint8_t * pThingName,
                   OtaAppCallback_t OtaAppCallback );
/* @[declare_ota_init] */

/**
 * @brief OTA_Init that first checks the caller's configuration.
 *
 * The extra arguments describe how the calling translation unit was
 * configured. The library compares each with the value it was built with;
 * on the first difference it logs an error (through LogError) naming that
 * value and returns OtaErrInvalidArg without touching the agent. Otherwise it
 * behaves exactly like OTA_Init. Application code does not call this directly: the OTA_Init
 * macro below fills in the values.
 *
 * @param[in] pOtaBuffer As for OTA_Init.
 * @param[in] pOtaInterfaces As for OTA_Init.
 * @param[in] pThingName As for OTA_Init.
 * @param[in] OtaAppCallback As for OTA_Init.
 * @param[in] log2FileBlockSize The caller's otaconfigLOG2_FILE_BLOCK_SIZE.
 * @param[in] maxThingNameLen The caller's otaconfigMAX_THINGNAME_LEN.
 * @param[in] maxBlockBitmapSize The caller's OTA_MAX_BLOCK_BITMAP_SIZE.
 * @param[in] sizeofEventData The caller's sizeof( OtaEventData_t ).
 * @param[in] sizeofJobDocument The caller's sizeof( OtaJobDocument_t ); this
 * also catches a different enum width (-fshort-enums).
 * @param[in] sizeofFileContext The caller's sizeof( OtaFileContext_t ).
 * @return OtaErrInvalidArg on a configuration mismatch, else as OTA_Init.
 */
OtaErr_t OTA_InitWithConfigCheck( const OtaAppBuffer_t * pOtaBuffer,
                                  const OtaInterfaces_t * pOtaInterfaces,
                                  const uint8_t * pThingName,
                                  OtaAppCallback_t OtaAppCallback,
                                  uint32_t log2FileBlockSize,
                                  uint32_t maxThingNameLen,
                                  uint32_t maxBlockBitmapSize,
                                  uint32_t sizeofEventData,
                                  uint32_t sizeofJobDocument,
                                  uint32_t sizeofFileContext );

/*
 * Redirect OTA_Init( ... ) calls to the checked entry point. This has to come
 * after the OTA_Init prototype so that the prototype itself is not rewritten.
 * Only function-call syntax is affected; taking the address of OTA_Init still
 * yields the unchecked function. Define OTA_NO_INIT_CONFIG_CHECK before
 * including this header to call OTA_Init directly (for example in a file
 * that defines its own OTA_Init stand-in).
 */
#ifndef OTA_NO_INIT_CONFIG_CHECK
    #define OTA_Init( pOtaBuffer, pOtaInterfaces, pThingName, OtaAppCallback ) \
    OTA_InitWithConfigCheck( ( pOtaBuffer ),                                   \
                             ( pOtaInterfaces ),                               \
                             ( pThingName ),                                   \
                             ( OtaAppCallback ),                               \
                             ( uint32_t ) otaconfigLOG2_FILE_BLOCK_SIZE,       \
                             ( uint32_t ) otaconfigMAX_THINGNAME_LEN,          \
                             ( uint32_t ) OTA_MAX_BLOCK_BITMAP_SIZE,           \
                             ( uint32_t ) sizeof( OtaEventData_t ),            \
                             ( uint32_t ) sizeof( OtaJobDocument_t ),          \
                             ( uint32_t ) sizeof( OtaFileContext_t ) )
#endif

/**
 * @brief Ask the agent to shut down.
 *
 * Queues a Shutdown event. With ticksToWait > 0 the call then polls the
 * agent state up to that many times, returning early once it is Stopped.
 * The event loop must be running for the shutdown to happen.
 *
 * @param[in] ticksToWait Number of state polls; 0 returns at once.
 * @param[in] unsubscribeFlag 1 to unsubscribe from the job topics while
 * shutting down, 0 to leave the subscriptions in place.
 * @return The agent state when the call returns.
 */
/* @[declare_ota_shutdown] */
OtaState_t OTA_Shutdown( uint32_t ticksToWait,
                         uint8_t unsubscribeFlag );
/* @[declare_ota_shutdown] */

/**
 * @brief Current state of the agent.
 *
 * @return The agent state.
 */
/* @[declare_ota_getstate] */
OtaState_t OTA_GetState( void );
/* @[declare_ota_getstate] */

/**
 * @brief Activate the image just received, through the PAL. Normally called
 * from the callback on OtaJobEventActivate; normally does not return.
 *
 * @return OtaErrNone if the PAL reported success, else OtaErrActivateFailed.
 */
/* @[declare_ota_activatenewimage] */
OtaErr_t OTA_ActivateNewImage( void );
/* @[declare_ota_activatenewimage] */

/**
 * @brief Set the state of the running image.
 *
 * Accepted and Rejected are applied at once, in the caller's context: the PAL
 * is told and, when a job is active, the Jobs service is updated. Aborted is
 * queued as a user abort of the current job. Other values are refused.
 *
 * @param[in] state OtaImageStateAccepted, OtaImageStateRejected or
 * OtaImageStateAborted.
 * @return OtaErrNone, OtaErrInvalidArg for other states, or the reason the
 * state could not be applied.
 */
/* @[declare_ota_setimagestate] */
OtaErr_t OTA_SetImageState( OtaImageState_t state );
/* @[declare_ota_setimagestate] */

/**
 * @brief The image state last set through OTA_SetImageState or by the agent.
 *
 * @return The image state.
 */
/* @[declare_ota_getimagestate] */
OtaImageState_t OTA_GetImageState( void );
/* @[declare_ota_getimagestate] */

/**
 * @brief Ask the Jobs service for the next pending job.
 *
 * @return OtaErrNone if the request was queued, else an error.
 */
/* @[declare_ota_checkforupdate] */
OtaErr_t OTA_CheckForUpdate( void );
/* @[declare_ota_checkforupdate] */

/**
 * @brief Suspend the agent (for example while the network is down). Its
 * timers are stopped; the job is kept.
 *
 * @return OtaErrNone if the request was queued, else an error.
 */
/* @[declare_ota_suspend] */
OtaErr_t OTA_Suspend( void );
/* @[declare_ota_suspend] */

/**
 * @brief Resume a suspended agent; it asks for its job again.
 *
 * @return OtaErrNone if the request was queued, else an error.
 */
/* @[declare_ota_resume] */
OtaErr_t OTA_Resume( void );
/* @[declare_ota_resume] */

/**
 * @brief Run the agent's event loop until the agent stops.
 *
 * Call it from a task of its own. Do not combine with OTA_EventProcess.
 *
 * @param[in] pUnused Not used.
 */
/* @[declare_ota_eventprocessingtask] */
void OTA_EventProcessingTask( const void * pUnused );
/* @[declare_ota_eventprocessingtask] */

/**
 * @brief Run one iteration of the agent's event loop: wait for at most one
 * event (up to configOTA_POLLING_EVENTS_TIMEOUT_MS) and handle it.
 *
 * For super-loops and schedulers that call the agent periodically. Do not
 * combine with OTA_EventProcessingTask.
 *
 * @return The agent state after the iteration.
 */
/* @[declare_ota_eventprocess] */
OtaState_t OTA_EventProcess( void );
/* @[declare_ota_eventprocess] */

/**
 * @brief Queue an event for the agent.
 *
 * Used by the application to deliver job documents and file blocks it
 * received, and to start the agent (OtaAgentEventStart). The message is
 * copied; the OtaEventData_t it points to stays lent to the agent until the
 * callback receives OtaJobEventProcessed for it.
 *
 * @param[in] pEventMsg The event.
 * @return true if the event was queued; false if it was not, or if the agent
 * is stopped.
 */
/* @[declare_ota_signalevent] */
bool OTA_SignalEvent( const OtaEventMsg_t * const pEventMsg );
/* @[declare_ota_signalevent] */

/*---------------------------------------------------------------------------*/
/*                              Statistics API                               */
/*---------------------------------------------------------------------------*/

/**
 * @brief Copy the packet counters of the current job.
 *
 * Counters are reset by OTA_Init, when a file transfer starts, and at
 * shutdown.
 *
 * @param[out] pStatistics Receives the counters.
 * @return OtaErrNone, or OtaErrInvalidArg if pStatistics is NULL.
 */
/* @[declare_ota_getstatistics] */
OtaErr_t OTA_GetStatistics( OtaAgentStatistics_t * pStatistics );
/* @[declare_ota_getstatistics] */

/**
 * @brief Name of an OtaErr_t value.
 *
 * @param[in] err The value.
 * @return A static string holding the enumerator name, or
 * "InvalidErrorCode".
 */
/* @[declare_ota_err_strerror] */
const char * OTA_Err_strerror( OtaErr_t err );
/* @[declare_ota_err_strerror] */

/**
 * @brief Name of an OtaJobParseErr_t value.
 *
 * @param[in] err The value.
 * @return A static string.
 */
/* @[declare_ota_jobparse_strerror] */
const char * OTA_JobParse_strerror( OtaJobParseErr_t err );
/* @[declare_ota_jobparse_strerror] */

/**
 * @brief Name of a PAL main status code.
 *
 * @param[in] status The main code (see OTA_PAL_MAIN_ERR).
 * @return A static string.
 */
/* @[declare_ota_palstatus_strerror] */
const char * OTA_PalStatus_strerror( OtaPalMainStatus_t status );
/* @[declare_ota_palstatus_strerror] */

/**
 * @brief Name of an OtaOsStatus_t value.
 *
 * @param[in] status The value.
 * @return A static string.
 */
/* @[declare_ota_osstatus_strerror] */
const char * OTA_OsStatus_strerror( OtaOsStatus_t status );
/* @[declare_ota_osstatus_strerror] */

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_H */
