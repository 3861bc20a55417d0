/*
 * SPDX-License-Identifier: MIT
 *
 * aws_iot_ota_agent.h - the interface of the Amazon FreeRTOS v1 OTA agent
 * (OTA library V1.0.x to V1.2.x, amazon-freertos 201908.00 to 202012.00),
 * served by this library's v3 agent.
 *
 * With these headers a vendor's v1 aws_ota_pal.c (the eight prvPAL_*
 * functions) and an application written against the v1 API build unchanged
 * and link with libota.a. docs/porting-legacy.md explains the set-up; in
 * short:
 *
 * - OTA_V1_FILE_CONTEXT_LAYOUT picks the v1 release the code was written
 *   for: 100 for V1.0.x (201908, 201910: OTA_FileContext_t with
 *   xRequestTimer and ulRequestMomentum, agent states NotReady / Ready /
 *   Active), 110 for V1.1.x and V1.2.x (201912 to 202012). Default 110.
 *   Define it the same way for every file of the project (PAL and
 *   application): the library reads it from the calls that pass it.
 * - The layouts, enum values and error codes are those of the original
 *   headers. Additions that do not change a layout: the file-handle union
 *   always has pxFile (it was WIN32-only), and the self-test flag answers to
 *   both its V1.1 name xIsInSelfTest and its V1.2 name bIsInSelfTest.
 * - v1 and v3 share some function names with other types. This header maps
 *   the v1 ones to OTA_V1_* functions (OTA_ActivateNewImage,
 *   OTA_SetImageState, OTA_CheckForUpdate, OTA_Suspend, OTA_Resume) or to
 *   macros that also pass the layout (OTA_AgentInit, OTA_AgentInit_internal,
 *   OTA_AgentShutdown, OTA_GetAgentState). OTA_GetImageState has the same
 *   ABI in both and is one function.
 * - A file may include the v3 headers (ota.h, ...) and then these ones, not
 *   the other way round: the v3 names win where the two collide (Sig256_t,
 *   kOTA_MaxSignatureSize). PAL and application files should include only
 *   these.
 * - Two v1 symbols are the v3 ones under another name, and this header
 *   renames them: cOTA_JSON_FileSignatureKey (defined by the PAL) becomes
 *   OTA_JsonFileSignatureKey, and xAppFirmwareVersion (defined by the
 *   application, usually next to aws_application_version.h, whose
 *   iot_appversion32.h renames it too) becomes appFirmwareVersion. So the
 *   application must not define the v3 names as well. Define
 *   OTA_V1_NO_SYMBOL_RENAME to keep the v1 names, for example for objects
 *   built against the original headers, and alias them at link time
 *   (docs/porting-legacy.md).
 * - FreeRTOS.h and timers.h are included, as by the original, when the
 *   compiler finds them (or cannot tell); define OTA_V1_NO_FREERTOS to leave
 *   them out.
 */

#ifndef _AWS_IOT_OTA_AGENT_H_
#define _AWS_IOT_OTA_AGENT_H_

/* Standard includes: FILE for pxFile, bool for bIsInSelfTest. */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

/* u8, bool_t and the other v1 type names. */
#include "aws_iot_ota_types.h"

/* Layout selection: 100 = V1.0.x, 110 = V1.1.x and V1.2.x. */
#define OTA_V1_LAYOUT_V1_0    100
#define OTA_V1_LAYOUT_V1_1    110

#ifndef OTA_V1_FILE_CONTEXT_LAYOUT
    #define OTA_V1_FILE_CONTEXT_LAYOUT    OTA_V1_LAYOUT_V1_1
#endif

#if ( OTA_V1_FILE_CONTEXT_LAYOUT != OTA_V1_LAYOUT_V1_0 ) && ( OTA_V1_FILE_CONTEXT_LAYOUT != OTA_V1_LAYOUT_V1_1 )
    #error "OTA_V1_FILE_CONTEXT_LAYOUT must be 100 (OTA V1.0.x) or 110 (OTA V1.1.x and V1.2.x)"
#endif

/* The original pulled FreeRTOS in, and some PALs rely on that (vTaskDelay,
 * pdMS_TO_TICKS, TimerHandle_t). */
#if !defined( OTA_V1_NO_FREERTOS )
    #if defined( __has_include )
        #if __has_include( "FreeRTOS.h" )
            #define OTA_V1_USE_FREERTOS    1
        #endif
    #else
        #define OTA_V1_USE_FREERTOS    1
    #endif
#endif

#if defined( OTA_V1_USE_FREERTOS )
    #include "FreeRTOS.h"
    #include "timers.h"
    /** @brief Type of the V1.0.x xRequestTimer field. */
    typedef TimerHandle_t   OtaV1TimerHandle_t;
#else
    /** @brief Type of the V1.0.x xRequestTimer field (a FreeRTOS handle is a pointer). */
    typedef void *          OtaV1TimerHandle_t;
#endif

/* Anonymous unions are C11 (and what the v1 header used); this keeps
 * -std=c99 -Wpedantic builds quiet on compilers that know the keyword. */
#if defined( __GNUC__ ) || defined( __clang__ )
    #define OTA_V1_EXTENSION    __extension__
#else
    #define OTA_V1_EXTENSION
#endif

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/*------------------------------- Helpers ----------------------------------*/

#ifndef CONST_STRLEN
    /** @brief Length of a string literal or array initialised from one, without its NUL. */
    #define CONST_STRLEN( s )    ( ( ( uint32_t ) sizeof( s ) ) - 1UL )
#endif

#ifndef OTA_FILE_SIG_KEY_STR_MAX_LENGTH
    /** @brief Size of cOTA_JSON_FileSignatureKey, NUL included. */
    #define OTA_FILE_SIG_KEY_STR_MAX_LENGTH    32
#endif

#ifndef OTA_V1_NO_SYMBOL_RENAME
    /** @brief The v1 PAL's key is the v3 agent's OTA_JsonFileSignatureKey. */
    #define cOTA_JSON_FileSignatureKey    OTA_JsonFileSignatureKey
    /** @brief The v1 application's version is the v3 agent's appFirmwareVersion. */
    #define xAppFirmwareVersion           appFirmwareVersion
#endif

/**
 * @brief Job document key of the file signature, defined by the v1 PAL (for
 * example "sig-sha256-ecdsa"). Under its v3 name (see above), so the v1
 * PAL's definition is the one the agent reads: do not also define
 * OTA_JsonFileSignatureKey.
 */
extern const char cOTA_JSON_FileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ];

/*
 * Logging as the v1 PALs use it: OTA_LOG_L1( "[%s] ...", OTA_METHOD_NAME ).
 * Level 1 by default, printed with vLoggingPrintf (the FreeRTOS logging
 * task) unless OTA_LOG_L1 is defined beforehand.
 */
#ifndef OTA_DEBUG_LOG_LEVEL
    #define OTA_DEBUG_LOG_LEVEL    1
#endif

#if ( OTA_DEBUG_LOG_LEVEL >= 1 )
    #define DEFINE_OTA_METHOD_NAME( name )       \
    static const char OTA_METHOD_NAME[] = name; \
    ( void ) OTA_METHOD_NAME;
    #ifndef OTA_LOG_L1
        #define OTA_LOG_L1    vLoggingPrintf
        #define OTA_V1_LOG_WITH_VLOGGINGPRINTF
    #endif
#else
    #define DEFINE_OTA_METHOD_NAME( name )
    #ifndef OTA_LOG_L1
        #define OTA_LOG_L1( ... )
    #endif
#endif

#if ( OTA_DEBUG_LOG_LEVEL >= 2 )
    #define DEFINE_OTA_METHOD_NAME_L2( name )    \
    static const char OTA_METHOD_NAME[] = name; \
    ( void ) OTA_METHOD_NAME;
    #ifndef OTA_LOG_L2
        #define OTA_LOG_L2    vLoggingPrintf
        #define OTA_V1_LOG_WITH_VLOGGINGPRINTF
    #endif
#else
    #define DEFINE_OTA_METHOD_NAME_L2( name )
    #ifndef OTA_LOG_L2
        #define OTA_LOG_L2( ... )
    #endif
#endif

#if ( OTA_DEBUG_LOG_LEVEL >= 3 )
    #define DEFINE_OTA_METHOD_NAME_L3( name )    \
    static const char OTA_METHOD_NAME[] = name; \
    ( void ) OTA_METHOD_NAME;
    #ifndef OTA_LOG_L3
        #define OTA_LOG_L3    vLoggingPrintf
        #define OTA_V1_LOG_WITH_VLOGGINGPRINTF
    #endif
#else
    #define DEFINE_OTA_METHOD_NAME_L3( name )
    #ifndef OTA_LOG_L3
        #define OTA_LOG_L3( ... )
    #endif
#endif

#ifdef OTA_V1_LOG_WITH_VLOGGINGPRINTF
    /** @brief The FreeRTOS logging task's printf (iot_logging_task.h); provided by the application. */
    void vLoggingPrintf( const char * pcFormat,
                         ... );
#endif

/*----------------------------- Enumerations -------------------------------*/

#if ( OTA_V1_FILE_CONTEXT_LAYOUT == OTA_V1_LAYOUT_V1_0 )

/**
 * @brief Agent states of OTA V1.0.x.
 */
    typedef enum
    {
        eOTA_AgentState_Unknown = -1,     /*!< Not known yet. */
        eOTA_AgentState_NotReady = 0,     /*!< The agent is not running. */
        eOTA_AgentState_Ready = 1,        /*!< Running, no update in progress. */
        eOTA_AgentState_Active = 2,       /*!< Receiving an update. */
        eOTA_AgentState_ShuttingDown = 3, /*!< Shutting down. */
        eOTA_NumAgentStates = 4           /*!< Number of states; not a state. */
    } OTA_State_t;

/**
 * @brief Job document parse results of OTA V1.0.x.
 */
    typedef enum
    {
        eOTA_JobParseErr_Unknown = -1,        /*!< No result yet. */
        eOTA_JobParseErr_None = 0,            /*!< Parsed. */
        eOTA_JobParseErr_BusyWithExistingJob, /*!< A job is already in progress. */
        eOTA_JobParseErr_NullJob,             /*!< The document has no job ID. */
        eOTA_JobParseErr_BusyWithSameJob,     /*!< This job is already in progress. */
        eOTA_JobParseErr_ZeroFileSize,        /*!< The file size is zero. */
        eOTA_JobParseErr_NonConformingJobDoc, /*!< The document does not fit the model. */
        eOTA_JobParseErr_BadModelInitParams,  /*!< The model could not be set up. */
        eOTA_JobParseErr_NoContextAvailable   /*!< No file context is free. */
    } OTA_JobParseErr_t;

#else /* V1.1.x and V1.2.x */

/**
 * @brief Agent states of OTA V1.1.x and V1.2.x (with V1.2's Suspended).
 */
    typedef enum
    {
        eOTA_AgentState_NoTransition = -1,   /*!< Table marker; never entered. */
        eOTA_AgentState_Init = 0,            /*!< Initialised, event loop not started. */
        eOTA_AgentState_Ready,               /*!< Event loop running. */
        eOTA_AgentState_RequestingJob,       /*!< Asking for the next job. */
        eOTA_AgentState_WaitingForJob,       /*!< Waiting for a job document. */
        eOTA_AgentState_CreatingFile,        /*!< Opening the receive file. */
        eOTA_AgentState_RequestingFileBlock, /*!< Asking for file blocks. */
        eOTA_AgentState_WaitingForFileBlock, /*!< Waiting for file blocks. */
        eOTA_AgentState_ClosingFile,         /*!< Table marker; never entered. */
        eOTA_AgentState_Suspended,           /*!< Suspended (V1.2). */
        eOTA_AgentState_ShuttingDown,        /*!< Shutting down. */
        eOTA_AgentState_Stopped,             /*!< Not running. */
        eOTA_AgentState_All                  /*!< Table marker meaning any state. */
    } OTA_State_t;

/**
 * @brief Events of the OTA V1.1.x / V1.2.x state machine (V1.2 numbering).
 */
    typedef enum
    {
        eOTA_AgentEvent_Start = 0,           /*!< Start the agent. */
        eOTA_AgentEvent_StartSelfTest,       /*!< Begin the self test. */
        eOTA_AgentEvent_RequestJobDocument,  /*!< Ask for the next job. */
        eOTA_AgentEvent_ReceivedJobDocument, /*!< A job document arrived. */
        eOTA_AgentEvent_CreateFile,          /*!< Open the receive file. */
        eOTA_AgentEvent_RequestFileBlock,    /*!< Ask for blocks. */
        eOTA_AgentEvent_ReceivedFileBlock,   /*!< A block arrived. */
        eOTA_AgentEvent_RequestTimer,        /*!< The request timer expired. */
        eOTA_AgentEvent_CloseFile,           /*!< Close the file. */
        eOTA_AgentEvent_Suspend,             /*!< Suspend (V1.2). */
        eOTA_AgentEvent_Resume,              /*!< Resume (V1.2). */
        eOTA_AgentEvent_UserAbort,           /*!< Abort the job. */
        eOTA_AgentEvent_Shutdown,            /*!< Stop the agent. */
        eOTA_AgentEvent_Max                  /*!< Number of events; not an event. */
    } OTA_Event_t;

/**
 * @brief Job document parse results of OTA V1.1.x / V1.2.x.
 */
    typedef enum
    {
        eOTA_JobParseErr_Unknown = -1,        /*!< No result yet. */
        eOTA_JobParseErr_None = 0,            /*!< Parsed. */
        eOTA_JobParseErr_BusyWithExistingJob, /*!< A job is already in progress. */
        eOTA_JobParseErr_NullJob,             /*!< The document has no job ID. */
        eOTA_JobParseErr_UpdateCurrentJob,    /*!< This job is already in progress. */
        eOTA_JobParseErr_ZeroFileSize,        /*!< The file size is zero. */
        eOTA_JobParseErr_NonConformingJobDoc, /*!< The document does not fit the model. */
        eOTA_JobParseErr_BadModelInitParams,  /*!< The model could not be set up. */
        eOTA_JobParseErr_NoContextAvailable,  /*!< No file context is free. */
        eOTA_JobParseErr_NoActiveJobs         /*!< The service has no job (V1.2). */
    } OTA_JobParseErr_t;

#endif /* OTA_V1_FILE_CONTEXT_LAYOUT */

/**
 * @brief Image state as the platform reports it (prvPAL_GetPlatformImageState).
 */
typedef enum
{
    eOTA_PAL_ImageState_Unknown = 0, /*!< Not known; a PAL should not return it. */
    eOTA_PAL_ImageState_PendingCommit, /*!< New image running its self test. */
    eOTA_PAL_ImageState_Valid,       /*!< Image committed. */
    eOTA_PAL_ImageState_Invalid,     /*!< No valid new image. */
} OTA_PAL_ImageState_t;

/**
 * @brief Events passed to the application's complete callback.
 */
typedef enum
{
    eOTA_JobEvent_Activate = 0,                 /*!< A verified image is ready: activate it. */
    eOTA_JobEvent_Fail = 1,                     /*!< The update failed. */
    eOTA_JobEvent_StartTest = 2,                /*!< The new image is in self test. */
    eOTA_LastJobEvent = eOTA_JobEvent_StartTest /*!< Highest value. */
} OTA_JobEvent_t;

/**
 * @brief State of the running image, as OTA_SetImageState takes it. The
 * values equal those of the v3 OtaImageState_t.
 */
typedef enum
{
    eOTA_ImageState_Unknown = 0,                /*!< Not set yet. */
    eOTA_ImageState_Testing = 1,                /*!< New image booted, in self test. */
    eOTA_ImageState_Accepted = 2,               /*!< New image passed its self test. */
    eOTA_ImageState_Rejected = 3,               /*!< New image or job rejected. */
    eOTA_ImageState_Aborted = 4,                /*!< Transfer abandoned. */
    eOTA_LastImageState = eOTA_ImageState_Aborted /*!< Highest value. */
} OTA_ImageState_t;

/*------------------------------ Signature ---------------------------------*/

/** @brief Largest v1 file signature, in bytes (2048-bit RSA). */
#define OTA_V1_MAX_SIGNATURE_SIZE    256

/**
 * @brief The v1 file signature (258 bytes, alignment 2). Named Sig256_t
 * unless the v3 headers, which use that name for their own type, came first.
 */
typedef struct OtaV1Sig256
{
    uint16_t usSize;                             /*!< Bytes used in ucData. */
    uint8_t ucData[ OTA_V1_MAX_SIGNATURE_SIZE ]; /*!< Signature bytes. */
} OtaV1Sig256_t;

#ifndef OTA_PRIVATE_H
    #ifndef kOTA_MaxSignatureSize
        /** @brief Size of Sig256_t.ucData. */
        #define kOTA_MaxSignatureSize    OTA_V1_MAX_SIGNATURE_SIZE
    #endif
    /** @brief The v1 name of the signature type. */
    typedef OtaV1Sig256_t   Sig256_t;
#endif

/*------------------------------ Error codes -------------------------------*/

/**
 * @brief A v1 result: the agent code in bits 31..24, a PAL-specific sub code
 * in bits 23..0.
 */
typedef uint32_t OTA_Err_t;

#define kOTA_PAL_ErrMask                 0xffffffUL   /*!< Sub code bits. */
#define kOTA_Main_ErrMask                0xff000000UL /*!< Agent code bits. */
#define kOTA_MainErrShiftDownBits        24U          /*!< Position of the agent code. */

#define kOTA_Err_Panic                   0xfe000000UL /*!< Unrecoverable error. */
#define kOTA_Err_Uninitialized           0xff000000UL /*!< No result set yet. */
#define kOTA_Err_None                    0x00000000UL /*!< Success. */
#define kOTA_Err_SignatureCheckFailed    0x01000000UL /*!< The signature did not verify. */
#define kOTA_Err_BadSignerCert           0x02000000UL /*!< The signer certificate is unusable. */
#define kOTA_Err_OutOfMemory             0x03000000UL /*!< Out of memory. */
#define kOTA_Err_ActivateFailed          0x04000000UL /*!< Activation failed. */
#define kOTA_Err_CommitFailed            0x05000000UL /*!< Committing the image failed. */
#define kOTA_Err_RejectFailed            0x06000000UL /*!< Rejecting the image failed. */
#define kOTA_Err_AbortFailed             0x07000000UL /*!< Aborting failed. */
#define kOTA_Err_PublishFailed           0x08000000UL /*!< An MQTT publish failed. */
#define kOTA_Err_BadImageState           0x09000000UL /*!< Image state out of range. */
#define kOTA_Err_NoActiveJob             0x0a000000UL /*!< No job to act on. */
#define kOTA_Err_NoFreeContext           0x0b000000UL /*!< No file context free. */
#define kOTA_Err_HTTPInitFailed          0x0c000000UL /*!< HTTP set-up failed (V1.1). */
#define kOTA_Err_HTTPRequestFailed       0x0d000000UL /*!< HTTP request failed (V1.1). */
#define kOTA_Err_FileAbort               0x10000000UL /*!< Low-level abort failed. */
#define kOTA_Err_FileClose               0x11000000UL /*!< Low-level close failed. */
#define kOTA_Err_RxFileCreateFailed      0x12000000UL /*!< The receive file could not be created. */
#define kOTA_Err_BootInfoCreateFailed    0x13000000UL /*!< Boot information could not be written. */
#define kOTA_Err_RxFileTooLarge          0x14000000UL /*!< The file does not fit the platform. */
#define kOTA_Err_NullFilePtr             0x20000000UL /*!< NULL file pointer. */
#define kOTA_Err_MomentumAbort           0x21000000UL /*!< Too many requests without answer. */
#define kOTA_Err_DowngradeNotAllowed     0x22000000UL /*!< The new image is older. */
#define kOTA_Err_SameFirmwareVersion     0x23000000UL /*!< The new image has the same version. */
#define kOTA_Err_JobParserError          0x24000000UL /*!< The job document could not be parsed. */
#define kOTA_Err_FailedToEncodeCBOR      0x25000000UL /*!< A CBOR request could not be encoded. */
#define kOTA_Err_ImageStateMismatch      0x26000000UL /*!< Job and platform disagree on self test. */
#define kOTA_Err_GenericIngestError      0x27000000UL /*!< A block could not be taken in. */
#define kOTA_Err_UserAbort               0x28000000UL /*!< The application aborted the job. */
#define kOTA_Err_ResetNotSupported       0x29000000UL /*!< The device cannot reset itself. */
#define kOTA_Err_TopicTooLarge           0x2a000000UL /*!< A topic did not fit its buffer. */
#define kOTA_Err_SelfTestTimerFailed     0x2b000000UL /*!< The self-test timer could not start (V1.1). */
#define kOTA_Err_EventQueueSendFailed    0x2c000000UL /*!< An event could not be queued (V1.1). */
#define kOTA_Err_InvalidDataProtocol     0x2d000000UL /*!< No usable data protocol (V1.1). */
#define kOTA_Err_OTAAgentStopped         0x2e000000UL /*!< The agent is stopped (V1.2). */

/*----------------------------- File context -------------------------------*/

/**
 * @brief The v1 file context of OTA V1.0.x (60 bytes on 32-bit targets).
 */
typedef struct OtaV1FileContextV1_0
{
    uint8_t * pucFilePath; /*!< Where to store the file. */
    OTA_V1_EXTENSION union
    {
        int32_t lFileHandle;          /*!< PAL handle, as a number. */
        FILE * pxFile;                /*!< PAL handle, as a stdio file. */
        uint8_t * pucFile;            /*!< PAL handle, as a pointer. */
    };
    OtaV1TimerHandle_t xRequestTimer; /*!< Agent timer; NULL here. */
    uint32_t ulFileSize;              /*!< File size in bytes. */
    uint32_t ulBlocksRemaining;       /*!< Blocks still to come. */
    uint32_t ulFileAttributes;        /*!< "attr" of the job. */
    uint32_t ulServerFileID;          /*!< "fileid" of the job. */
    uint32_t ulRequestMomentum;       /*!< Agent counter; 0 here. */
    uint8_t * pucJobName;             /*!< Job ID. */
    uint8_t * pucStreamName;          /*!< Stream name. */
    OtaV1Sig256_t * pxSignature;      /*!< File signature. */
    uint8_t * pucRxBlockBitmap;       /*!< Block bitmap; a set bit means still missing. */
    uint8_t * pucCertFilepath;        /*!< Signer certificate path on the device. */
    uint32_t ulUpdaterVersion;        /*!< Version of the firmware that ran the update. */
    bool_t xIsInSelfTest;             /*!< The job is in self test. */
} OtaV1FileContextV1_0_t;

/**
 * @brief The v1 file context of OTA V1.1.x and V1.2.x (64 bytes on 32-bit
 * targets).
 */
typedef struct OtaV1FileContextV1_1
{
    uint8_t * pucFilePath; /*!< Where to store the file. */
    OTA_V1_EXTENSION union
    {
        int32_t lFileHandle;        /*!< PAL handle, as a number. */
        FILE * pxFile;              /*!< PAL handle, as a stdio file. */
        uint8_t * pucFile;          /*!< PAL handle, as a pointer. */
    };
    uint32_t ulFileSize;            /*!< File size in bytes. */
    uint32_t ulBlocksRemaining;     /*!< Blocks still to come. */
    uint32_t ulFileAttributes;      /*!< "attr" of the job. */
    uint32_t ulServerFileID;        /*!< "fileid" of the job. */
    uint8_t * pucJobName;           /*!< Job ID. */
    uint8_t * pucStreamName;        /*!< Stream name. */
    OtaV1Sig256_t * pxSignature;    /*!< File signature. */
    uint8_t * pucRxBlockBitmap;     /*!< Block bitmap; a set bit means still missing. */
    uint8_t * pucCertFilepath;      /*!< Signer certificate path on the device. */
    uint8_t * pucUpdateUrlPath;     /*!< Pre-signed URL (HTTP download). */
    uint8_t * pucAuthScheme;        /*!< HTTP authorization scheme. */
    uint32_t ulUpdaterVersion;      /*!< Version of the firmware that ran the update. */
    OTA_V1_EXTENSION union
    {
        bool_t xIsInSelfTest;       /*!< The job is in self test (V1.1 name). */
        bool bIsInSelfTest;         /*!< The job is in self test (V1.2 name). */
    };
    uint8_t * pucProtocols;         /*!< "protocols" of the job. */
} OtaV1FileContextV1_1_t;

#if ( OTA_V1_FILE_CONTEXT_LAYOUT == OTA_V1_LAYOUT_V1_0 )
    /** @brief The file context the PAL receives (V1.0.x layout). */
    typedef OtaV1FileContextV1_0_t   OTA_FileContext_t;
#else
    /** @brief The file context the PAL receives (V1.1.x / V1.2.x layout). */
    typedef OtaV1FileContextV1_1_t   OTA_FileContext_t;

/**
 * @brief Connection given to OTA_AgentInit from V1.1 on (V1.0.x took the
 * MQTT connection handle itself). The library only keeps the pointer; see
 * OTA_V1_GetConnection in ota_v1_adapter.h.
 */
    typedef struct
    {
        void * pvControlClient;          /*!< MQTT connection. */
        const void * pxNetworkInterface; /*!< Network interface (HTTP). */
        void * pvNetworkCredentials;     /*!< Network credentials (HTTP). */
    } OTA_ConnectionContext_t;
#endif

/*------------------------------- Callbacks --------------------------------*/

/** @brief Application callback for the end of a job and the self test. */
typedef void (* pxOTACompleteCallback_t)( OTA_JobEvent_t eEvent );

/** @brief Abort the file (prvPAL_Abort). */
typedef OTA_Err_t (* pxOTAPALAbortCallback_t)( OTA_FileContext_t * const C );

/** @brief Activate the new image (prvPAL_ActivateNewImage). */
typedef OTA_Err_t (* pxOTAPALActivateNewImageCallback_t)( uint32_t ulServerFileID );

/** @brief Verify and close the file (prvPAL_CloseFile). */
typedef OTA_Err_t (* pxOTAPALCloseFileCallback_t)( OTA_FileContext_t * const C );

/** @brief Create the receive file (prvPAL_CreateFileForRx). */
typedef OTA_Err_t (* pxOTAPALCreateFileForRxCallback_t)( OTA_FileContext_t * const C );

/** @brief Report the platform image state (prvPAL_GetPlatformImageState). */
typedef OTA_PAL_ImageState_t (* pxOTAPALGetPlatformImageStateCallback_t)( uint32_t ulServerFileID );

/** @brief Reset the device (prvPAL_ResetDevice). */
typedef OTA_Err_t (* pxOTAPALResetDeviceCallback_t)( uint32_t ulServerFileID );

/** @brief Record an image state (prvPAL_SetPlatformImageState). */
typedef OTA_Err_t (* pxOTAPALSetPlatformImageStateCallback_t)( uint32_t ulServerFileID,
                                                               OTA_ImageState_t eState );

/** @brief Write a block (prvPAL_WriteBlock). */
typedef int16_t (* pxOTAPALWriteBlockCallback_t)( OTA_FileContext_t * const C,
                                                  uint32_t iOffset,
                                                  uint8_t * const pacData,
                                                  uint32_t iBlockSize );

/** @brief Parse a job document that is not an OTA job. */
typedef OTA_JobParseErr_t (* pxOTACustomJobCallback_t)( const char * pcJSON,
                                                        uint32_t ulMsgLen );

/**
 * @brief Callbacks for OTA_AgentInit_internal; NULL members take the
 * default (the prvPAL_* function, the default complete callback).
 */
typedef struct
{
    pxOTAPALAbortCallback_t xAbort;                                 /*!< Abort. */
    pxOTAPALActivateNewImageCallback_t xActivateNewImage;           /*!< Activate. */
    pxOTAPALCloseFileCallback_t xCloseFile;                         /*!< Close. */
    pxOTAPALCreateFileForRxCallback_t xCreateFileForRx;             /*!< Create. */
    pxOTAPALGetPlatformImageStateCallback_t xGetPlatformImageState; /*!< Get image state. */
    pxOTAPALResetDeviceCallback_t xResetDevice;                     /*!< Reset. */
    pxOTAPALSetPlatformImageStateCallback_t xSetPlatformImageState; /*!< Set image state. */
    pxOTAPALWriteBlockCallback_t xWriteBlock;                       /*!< Write a block. */
    pxOTACompleteCallback_t xCompleteCallback;                      /*!< Job complete. */
    pxOTACustomJobCallback_t xCustomJobCallback;                    /*!< Custom jobs. */
} OTA_PAL_Callbacks_t;

/*------------------------------- Agent API --------------------------------*/

/*
 * Before OTA_AgentInit the application hands the library its OS, MQTT (and
 * HTTP) interfaces with OTA_V1_SetPlatform (ota_v1_adapter.h), from a file
 * that includes the v3 headers: the v1 agent talked to the FreeRTOS MQTT
 * library itself, this one does not.
 */

/**
 * @brief OTA_AgentInit, with the layout the caller was compiled with.
 *
 * Applications call OTA_AgentInit( pvConnectionContext, pucThingName,
 * xFunc, xTicksToWait ); the macro below supplies the layout.
 *
 * @return An OTA_State_t value of the caller's layout.
 */
int32_t OTA_V1_AgentInit( void * pvConnectionContext,
                          const uint8_t * pucThingName,
                          pxOTACompleteCallback_t xFunc,
                          uint32_t xTicksToWait,
                          uint32_t layout );

/**
 * @brief OTA_AgentInit_internal, with the layout the caller was compiled
 * with. pxCallbacks points to an OTA_PAL_Callbacks_t (or is NULL).
 *
 * @return An OTA_State_t value of the caller's layout.
 */
int32_t OTA_V1_AgentInitInternal( void * pvConnectionContext,
                                  const uint8_t * pucThingName,
                                  const void * pxCallbacks,
                                  uint32_t xTicksToWait,
                                  uint32_t layout );

/**
 * @brief OTA_AgentShutdown, with the caller's layout.
 *
 * @return An OTA_State_t value of the caller's layout.
 */
int32_t OTA_V1_AgentShutdown( uint32_t xTicksToWait,
                              uint32_t layout );

/**
 * @brief OTA_GetAgentState, with the caller's layout.
 *
 * @return An OTA_State_t value of the caller's layout.
 */
int32_t OTA_V1_GetAgentState( uint32_t layout );

/** @brief Start the agent: see OTA_V1_AgentInit. */
#define OTA_AgentInit( pvConnectionContext, pucThingName, xFunc, xTicksToWait ) \
    ( ( OTA_State_t ) OTA_V1_AgentInit( ( pvConnectionContext ),                \
                                        ( pucThingName ),                       \
                                        ( xFunc ),                              \
                                        ( uint32_t ) ( xTicksToWait ),          \
                                        ( uint32_t ) OTA_V1_FILE_CONTEXT_LAYOUT ) )

/** @brief Start the agent with custom callbacks: see OTA_V1_AgentInitInternal. */
#define OTA_AgentInit_internal( pvConnectionContext, pucThingName, pxCallbacks, xTicksToWait )                 \
    ( ( OTA_State_t ) OTA_V1_AgentInitInternal( ( pvConnectionContext ),                                       \
                                                ( pucThingName ),                                              \
                                                ( const void * ) ( 1 ? ( pxCallbacks ) :                       \
                                                                   ( const OTA_PAL_Callbacks_t * ) NULL ),    \
                                                ( uint32_t ) ( xTicksToWait ),                                 \
                                                ( uint32_t ) OTA_V1_FILE_CONTEXT_LAYOUT ) )

/** @brief Stop the agent: see OTA_V1_AgentShutdown. */
#define OTA_AgentShutdown( xTicksToWait )                                  \
    ( ( OTA_State_t ) OTA_V1_AgentShutdown( ( uint32_t ) ( xTicksToWait ), \
                                            ( uint32_t ) OTA_V1_FILE_CONTEXT_LAYOUT ) )

/** @brief Current agent state: see OTA_V1_GetAgentState. */
#define OTA_GetAgentState()    ( ( OTA_State_t ) OTA_V1_GetAgentState( ( uint32_t ) OTA_V1_FILE_CONTEXT_LAYOUT ) )

/* Names v3 uses with other types. */
#define OTA_ActivateNewImage    OTA_V1_ActivateNewImage
#define OTA_SetImageState       OTA_V1_SetImageState
#define OTA_CheckForUpdate      OTA_V1_CheckForUpdate

/**
 * @brief Activate the image just received: calls the PAL's activate (it
 * normally resets the device).
 *
 * @return The PAL's result if it returns.
 */
OTA_Err_t OTA_ActivateNewImage( void );

/**
 * @brief Accept, reject or abort, as in v1.
 *
 * @return kOTA_Err_None, kOTA_Err_BadImageState (other states),
 * kOTA_Err_NoActiveJob, or kOTA_Err_Panic (abort while the agent is not
 * running).
 */
OTA_Err_t OTA_SetImageState( OTA_ImageState_t eState );

#ifndef OTA_H

/**
 * @brief State of the running image. The same function as v3's, whose
 * OtaImageState_t has the same values and width.
 */
    OTA_ImageState_t OTA_GetImageState( void );
#endif

/**
 * @brief Ask for the next job.
 *
 * @return kOTA_Err_None, or kOTA_Err_EventQueueSendFailed when the agent
 * is not running.
 */
OTA_Err_t OTA_CheckForUpdate( void );

#if ( OTA_V1_FILE_CONTEXT_LAYOUT != OTA_V1_LAYOUT_V1_0 )
    #define OTA_Suspend    OTA_V1_Suspend
    #define OTA_Resume     OTA_V1_Resume

/**
 * @brief Suspend the agent (V1.2).
 *
 * @return kOTA_Err_None, kOTA_Err_OTAAgentStopped or
 * kOTA_Err_EventQueueSendFailed.
 */
    OTA_Err_t OTA_Suspend( void );

/**
 * @brief Resume the agent (V1.2). A non-NULL pxConnection replaces the
 * connection OTA_V1_GetConnection returns.
 *
 * @return kOTA_Err_None, kOTA_Err_OTAAgentStopped or
 * kOTA_Err_EventQueueSendFailed.
 */
    OTA_Err_t OTA_Resume( void * pxConnection );
#endif

/** @brief Data blocks received since the transfer started. */
uint32_t OTA_GetPacketsReceived( void );

/** @brief Data blocks queued for the agent. */
uint32_t OTA_GetPacketsQueued( void );

/** @brief Data blocks the agent processed. */
uint32_t OTA_GetPacketsProcessed( void );

/** @brief Data blocks dropped. */
uint32_t OTA_GetPacketsDropped( void );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef _AWS_IOT_OTA_AGENT_H_ */
