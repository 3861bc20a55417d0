/*
 * SPDX-License-Identifier: MIT
 *
 * Compile-time layout checks for the public headers.
 *
 * Every struct, field offset, field type, alignment, enum value and macro
 * value that the original AWS IoT OTA v3.4.x headers define is pinned here.
 * Nothing runs: this file either compiles or fails with the condition that
 * does not hold.
 *
 * Expected numbers are the ones measured from the original headers:
 * - 64-bit pointers (x86_64 / aarch64 Linux, 4-byte enums),
 * - 32-bit pointers with 1-byte enums (arm-none-eabi default, -fshort-enums),
 * - 32-bit pointers with 4-byte enums (-fno-short-enums, i386).
 * Config-dependent numbers are given for the default configuration and for
 * tests/c/config_alt; other configurations are checked against formulas.
 *
 * OtaAgentContext_t: the numbers below follow from its field list and were
 * derived by hand, then confirmed by these assertions. With the v3.4.x
 * default otaconfigMAX_THINGNAME_LEN of 128 they are 472 / 372 / 376 bytes;
 * with the v3.4.0 value of 64 they are 408 / 308 / 312.
 *
 * Build: cc -std=c99 -Wall -Wextra -Wpedantic -Werror -I include
 *        -I tests/c/config -c tests/c/layout.c
 * (or with -DOTA_DO_NOT_USE_CUSTOM_CONFIG and no config directory).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "ota.h"
#include "ota_private.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"
#include "ota_appversion32.h"
#include "ota_config_defaults.h"
#include "ota_interface_private.h"
#include "ota_cbor_private.h"
#include "ota_base64_private.h"
#include "ota_mqtt_private.h"
#include "ota_http_private.h"
#include "ota_os_freertos.h"

/* _Static_assert is C11; __extension__ lets it pass -std=c99 -Wpedantic. */
#define CHECK( cond )             __extension__ _Static_assert( cond, #cond )
#define SIZE( T, n )              CHECK( sizeof( T ) == ( n ) )
#define ALIGN( T, n )             CHECK( __extension__ __alignof__( T ) == ( n ) )
#define OFF( T, f, n )            CHECK( offsetof( T, f ) == ( n ) )
#define FTYPE( T, f, type )       CHECK( __builtin_types_compatible_p( __typeof__( ( ( T * ) 0 )->f ), type ) )
#define SAME( a, b )              CHECK( __builtin_types_compatible_p( a, b ) )
#define FN( fn, type )            CHECK( __builtin_types_compatible_p( __typeof__( &fn ), type ) )
#define VAL( e, n )               CHECK( ( e ) == ( n ) )

/* ------------------------------------------------------------------------ */
/* ABI selection.                                                           */
/* ------------------------------------------------------------------------ */

#define SHORT_ENUMS    ( sizeof( OtaState_t ) == 1U )

#if UINTPTR_MAX == 0xffffffffffffffffULL
    /* 64-bit pointers: ( 64-bit value, 32-bit value ) picks the first. */
    #define P( p64, p32 )                  ( p64 )
    /* ( 64-bit, 32-bit short enums, 32-bit int enums ). */
    #define PE( p64, p32s, p32i )          ( p64 )
    /* Reference layouts for 64-bit targets were measured with 4-byte enums. */
    CHECK( sizeof( OtaState_t ) == 4U );
#elif UINTPTR_MAX == 0xffffffffUL
    #define P( p64, p32 )                  ( p32 )
    #define PE( p64, p32s, p32i )          ( SHORT_ENUMS ? ( p32s ) : ( p32i ) )
#else
    #error "No reference layout for this pointer size."
#endif

/* ------------------------------------------------------------------------ */
/* Enum widths: all OTA enums share one width (1 or 4 bytes).               */
/* ------------------------------------------------------------------------ */

CHECK( sizeof( OtaState_t ) == 1U || sizeof( OtaState_t ) == 4U );
VAL( sizeof( OtaErr_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaJobParseErr_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaJobEvent_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaJobStatus_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaImageState_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaPalImageState_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaEvent_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaTimerId_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaOsStatus_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaMqttStatus_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaHttpStatus_t ), sizeof( OtaState_t ) );
VAL( sizeof( IngestResult_t ), sizeof( OtaState_t ) );
VAL( sizeof( DocParseErr_t ), sizeof( OtaState_t ) );
VAL( sizeof( ModelParamType_t ), sizeof( OtaState_t ) );
VAL( sizeof( OtaJobReason_t ), sizeof( OtaState_t ) );
VAL( sizeof( Base64Status_t ), sizeof( OtaState_t ) );

/* PAL status words are integers, not enums. */
SAME( OtaPalStatus_t, uint32_t );
SAME( OtaPalSubStatus_t, uint32_t );
SAME( OtaPalMainStatus_t, uint32_t );

/* ------------------------------------------------------------------------ */
/* Enum values (ota.h).                                                     */
/* ------------------------------------------------------------------------ */

VAL( OtaErrNone, 0 );
VAL( OtaErrUninitialized, 1 );
VAL( OtaErrPanic, 2 );
VAL( OtaErrInvalidArg, 3 );
VAL( OtaErrAgentStopped, 4 );
VAL( OtaErrSignalEventFailed, 5 );
VAL( OtaErrRequestJobFailed, 6 );
VAL( OtaErrInitFileTransferFailed, 7 );
VAL( OtaErrRequestFileBlockFailed, 8 );
VAL( OtaErrCleanupControlFailed, 9 );
VAL( OtaErrCleanupDataFailed, 10 );
VAL( OtaErrUpdateJobStatusFailed, 11 );
VAL( OtaErrJobParserError, 12 );
VAL( OtaErrInvalidDataProtocol, 13 );
VAL( OtaErrMomentumAbort, 14 );
VAL( OtaErrDowngradeNotAllowed, 15 );
VAL( OtaErrSameFirmwareVersion, 16 );
VAL( OtaErrImageStateMismatch, 17 );
VAL( OtaErrNoActiveJob, 18 );
VAL( OtaErrUserAbort, 19 );
VAL( OtaErrFailedToEncodeCbor, 20 );
VAL( OtaErrFailedToDecodeCbor, 21 );
VAL( OtaErrActivateFailed, 22 );
VAL( OtaErrFileSizeOverflow, 23 );
VAL( OtaErrEmptyJobDocument, 24 );

VAL( OtaAgentStateNoTransition, -1 );
VAL( OtaAgentStateInit, 0 );
VAL( OtaAgentStateReady, 1 );
VAL( OtaAgentStateRequestingJob, 2 );
VAL( OtaAgentStateWaitingForJob, 3 );
VAL( OtaAgentStateCreatingFile, 4 );
VAL( OtaAgentStateRequestingFileBlock, 5 );
VAL( OtaAgentStateWaitingForFileBlock, 6 );
VAL( OtaAgentStateClosingFile, 7 );
VAL( OtaAgentStateSuspended, 8 );
VAL( OtaAgentStateShuttingDown, 9 );
VAL( OtaAgentStateStopped, 10 );
VAL( OtaAgentStateAll, 11 );

VAL( OtaJobParseErrUnknown, -1 );
VAL( OtaJobParseErrNone, 0 );
VAL( OtaJobParseErrNullJob, 1 );
VAL( OtaJobParseErrUpdateCurrentJob, 2 );
VAL( OtaJobParseErrZeroFileSize, 3 );
VAL( OtaJobParseErrNonConformingJobDoc, 4 );
VAL( OtaJobParseErrBadModelInitParams, 5 );
VAL( OtaJobParseErrNoContextAvailable, 6 );
VAL( OtaJobParseErrNoActiveJobs, 7 );

VAL( OtaJobEventActivate, 0 );
VAL( OtaJobEventFail, 1 );
VAL( OtaJobEventStartTest, 2 );
VAL( OtaJobEventProcessed, 3 );
VAL( OtaJobEventSelfTestFailed, 4 );
VAL( OtaJobEventParseCustomJob, 5 );
VAL( OtaJobEventReceivedJob, 6 );
VAL( OtaJobEventUpdateComplete, 7 );
VAL( OtaJobEventNoActiveJob, 8 );
VAL( OtaLastJobEvent, 2 );

VAL( JobStatusInProgress, 0 );
VAL( JobStatusFailed, 1 );
VAL( JobStatusSucceeded, 2 );
VAL( JobStatusRejected, 3 );
VAL( JobStatusFailedWithVal, 4 );
VAL( NumJobStatusMappings, 5 );

/* ------------------------------------------------------------------------ */
/* Enum values (ota_private.h).                                             */
/* ------------------------------------------------------------------------ */

VAL( OtaImageStateUnknown, 0 );
VAL( OtaImageStateTesting, 1 );
VAL( OtaImageStateAccepted, 2 );
VAL( OtaImageStateRejected, 3 );
VAL( OtaImageStateAborted, 4 );
VAL( OtaLastImageState, 4 );

VAL( OtaPalImageStateUnknown, 0 );
VAL( OtaPalImageStatePendingCommit, 1 );
VAL( OtaPalImageStateValid, 2 );
VAL( OtaPalImageStateInvalid, 3 );

VAL( OtaAgentEventStart, 0 );
VAL( OtaAgentEventStartSelfTest, 1 );
VAL( OtaAgentEventRequestJobDocument, 2 );
VAL( OtaAgentEventReceivedJobDocument, 3 );
VAL( OtaAgentEventCreateFile, 4 );
VAL( OtaAgentEventRequestFileBlock, 5 );
VAL( OtaAgentEventReceivedFileBlock, 6 );
VAL( OtaAgentEventRequestTimer, 7 );
VAL( OtaAgentEventCloseFile, 8 );
VAL( OtaAgentEventSuspend, 9 );
VAL( OtaAgentEventResume, 10 );
VAL( OtaAgentEventUserAbort, 11 );
VAL( OtaAgentEventShutdown, 12 );
VAL( OtaAgentEventMax, 13 );

VAL( IngestResultFileComplete, -1 );
VAL( IngestResultSigCheckFail, -2 );
VAL( IngestResultFileCloseFail, -3 );
VAL( IngestResultNullInput, -4 );
VAL( IngestResultBadFileHandle, -5 );
VAL( IngestResultUnexpectedBlock, -6 );
VAL( IngestResultBlockOutOfRange, -7 );
VAL( IngestResultBadData, -8 );
VAL( IngestResultWriteBlockFailed, -9 );
VAL( IngestResultNoDecodeMemory, -10 );
VAL( IngestResultUninitialized, -127 );
VAL( IngestResultAccepted_Continue, 0 );
VAL( IngestResultDuplicate_Continue, 1 );

VAL( DocParseErrUnknown, -1 );
VAL( DocParseErrNone, 0 );
VAL( DocParseErrOutOfMemory, 1 );
VAL( DocParseErrUserBufferInsufficient, 2 );
VAL( DocParseErrUserBufferInsuffcient, 2 );
VAL( DocParseErrFieldTypeMismatch, 3 );
VAL( DocParseErrBase64Decode, 4 );
VAL( DocParseErrInvalidNumChar, 5 );
VAL( DocParseErrDuplicatesNotAllowed, 6 );
VAL( DocParseErrMalformedDoc, 7 );
VAL( DocParseErr_InvalidJSONBuffer, 8 );
VAL( DocParseErrNullModelPointer, 9 );
VAL( DocParseErrNullBodyPointer, 10 );
VAL( DocParseErrNullDocPointer, 11 );
VAL( DocParseErrTooManyParams, 12 );
VAL( DocParseErrParamKeyNotInModel, 13 );
VAL( DocParseErrInvalidModelParamType, 14 );
VAL( DocParseErrInvalidToken, 15 );
VAL( DocParseErrEmptyJobDoc, 16 );

VAL( ModelParamTypeStringCopy, 0 );
VAL( ModelParamTypeStringInDoc, 1 );
VAL( ModelParamTypeObject, 2 );
VAL( ModelParamTypeArray, 3 );
VAL( ModelParamTypeUInt32, 4 );
VAL( ModelParamTypeSigBase64, 5 );
VAL( ModelParamTypeIdent, 6 );
VAL( ModelParamTypeArrayCopy, 7 );

VAL( JobReasonReceiving, 0 );
VAL( JobReasonSigCheckPassed, 1 );
VAL( JobReasonSelfTestActive, 2 );
VAL( JobReasonAccepted, 3 );
VAL( JobReasonRejected, 4 );
VAL( JobReasonAborted, 5 );
VAL( NumJobReasons, 6 );

/* ------------------------------------------------------------------------ */
/* Enum values (interface headers, base64).                                 */
/* ------------------------------------------------------------------------ */

VAL( OtaRequestTimer, 0 );
VAL( OtaSelfTestTimer, 1 );
VAL( OtaNumOfTimers, 2 );

VAL( OtaOsSuccess, 0 );
VAL( OtaOsEventQueueCreateFailed, 0x80 );
VAL( OtaOsEventQueueSendFailed, 0x81 );
VAL( OtaOsEventQueueReceiveFailed, 0x82 );
VAL( OtaOsEventQueueDeleteFailed, 0x83 );
VAL( OtaOsTimerCreateFailed, 0x84 );
VAL( OtaOsTimerStartFailed, 0x85 );
VAL( OtaOsTimerRestartFailed, 0x86 );
VAL( OtaOsTimerStopFailed, 0x87 );
VAL( OtaOsTimerDeleteFailed, 0x88 );

VAL( OtaMqttSuccess, 0 );
VAL( OtaMqttPublishFailed, 0xa0 );
VAL( OtaMqttSubscribeFailed, 0xa1 );
VAL( OtaMqttUnsubscribeFailed, 0xa2 );

VAL( OtaHttpSuccess, 0 );
VAL( OtaHttpInitFailed, 0xc0 );
VAL( OtaHttpDeinitFailed, 0xc1 );
VAL( OtaHttpRequestFailed, 0xc2 );

VAL( Base64Success, 0 );
VAL( Base64InvalidSymbol, 1 );
VAL( Base64InvalidSymbolOrdering, 2 );
VAL( Base64InvalidInputSize, 3 );
VAL( Base64NullPointerInput, 4 );
VAL( Base64InvalidBufferSize, 5 );
VAL( Base64NonZeroPadding, 6 );
VAL( Base64InvalidPaddingSymbol, 7 );

/* ------------------------------------------------------------------------ */
/* PAL status codes and helpers (ota_platform_interface.h).                 */
/* ------------------------------------------------------------------------ */

/* These must stay preprocessor macros usable in #if. */
#if !defined( OtaPalSuccess ) || ( OtaPalSuccess != 0x0U ) || ( OtaPalUninitialized != 0xe0U ) || \
    ( OtaPalFileClose != 0xeeU ) || ( OTA_PAL_SUB_BITS != 24U )
    #error "PAL status macros missing or wrong"
#endif

VAL( OtaPalSuccess, 0x0U );
VAL( OtaPalUninitialized, 0xe0U );
VAL( OtaPalOutOfMemory, 0xe1U );
VAL( OtaPalNullFileContext, 0xe2U );
VAL( OtaPalSignatureCheckFailed, 0xe3U );
VAL( OtaPalRxFileCreateFailed, 0xe4U );
VAL( OtaPalRxFileTooLarge, 0xe5U );
VAL( OtaPalBootInfoCreateFailed, 0xe6U );
VAL( OtaPalBadSignerCert, 0xe7U );
VAL( OtaPalBadImageState, 0xe8U );
VAL( OtaPalAbortFailed, 0xe9U );
VAL( OtaPalRejectFailed, 0xeaU );
VAL( OtaPalCommitFailed, 0xebU );
VAL( OtaPalActivateFailed, 0xecU );
VAL( OtaPalFileAbort, 0xedU );
VAL( OtaPalFileClose, 0xeeU );

VAL( OTA_PAL_ERR_MASK, 0xffffffUL );
VAL( OTA_PAL_SUB_BITS, 24U );
VAL( OTA_PAL_MAIN_ERR( 0xe3123456UL ), 0xe3U );
VAL( OTA_PAL_SUB_ERR( 0xe3123456UL ), 0x123456U );
VAL( OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, 0x123456U ), 0xe3123456UL );
VAL( OTA_PAL_COMBINE_ERR( OtaPalFileClose, 0xff000001UL ), 0xee000001UL ); /* sub code is masked */
VAL( sizeof( OTA_PAL_MAIN_ERR( 0 ) ), sizeof( OtaPalMainStatus_t ) );

/* ------------------------------------------------------------------------ */
/* Macros (ota.h, ota_private.h, ota_interface_private.h).                  */
/* ------------------------------------------------------------------------ */

VAL( CONST_STRLEN( "sig-sha256-ecdsa" ), 16U );
VAL( OTA_FILE_SIG_KEY_STR_MAX_LENGTH, 32 );
VAL( sizeof( OTA_JsonFileSignatureKey ), 32U );

VAL( LOG2_BITS_PER_BYTE, 3U );
VAL( BITS_PER_BYTE, 8U );
VAL( OTA_FILE_BLOCK_SIZE, ( uint32_t ) 1U << otaconfigLOG2_FILE_BLOCK_SIZE );
VAL( OTA_MAX_FILES, 1U );
VAL( OTA_MAX_BLOCK_BITMAP_SIZE, otaconfigMAX_BLOCK_BITMAP_SIZE );
VAL( OTA_REQUEST_MSG_MAX_SIZE, 3U * otaconfigMAX_BLOCK_BITMAP_SIZE );
VAL( OTA_REQUEST_URL_MAX_SIZE, 1500 );
VAL( OTA_ERASED_BLOCKS_VAL, 0xffU );
VAL( OTA_MAX_FILE_SIZE, UINT32_MAX - OTA_FILE_BLOCK_SIZE + 1U );
/* Unparenthesised as in the original: 0 * OTA_MAX_FILE_SIZE is not 0. */
VAL( 0U * OTA_MAX_FILE_SIZE, 0U - OTA_FILE_BLOCK_SIZE + 1U );
VAL( OTA_MAX_JSON_TOKENS, 64U );
VAL( OTA_MAX_JSON_STR_LEN, 256U );
VAL( OTA_DOC_MODEL_MAX_PARAMS, 32U );
VAL( OTA_JOB_PARAM_REQUIRED, true );
VAL( OTA_JOB_PARAM_OPTIONAL, false );
VAL( OTA_DONT_STORE_PARAM, 0xffff );
VAL( OTA_STORE_NESTED_JSON, 0x1fffU );
VAL( OTA_DATA_BLOCK_SIZE, ( 1U << otaconfigLOG2_FILE_BLOCK_SIZE ) + 1500U + 30U );
VAL( OTA_EVT_MASK_JOB_MSG_READY, 0x1UL );
VAL( OTA_EVT_MASK_DATA_MSG_READY, 0x2UL );
VAL( OTA_EVT_MASK_SHUTDOWN, 0x4UL );
VAL( OTA_EVT_MASK_REQ_TIMEOUT, 0x8UL );
VAL( OTA_EVT_MASK_USER_ABORT, 0x16UL );
VAL( OTA_EVT_MASK_ALL_EVENTS, 0x1fUL );
VAL( OTA_NUM_JOB_PARAMS, 21 );
VAL( OTA_JOB_ID_MAX_SIZE, 73UL );
VAL( OTA_PROTOCOL_BUFFER_SIZE, 20U );
VAL( kOTA_MaxSignatureSize, 384 );

VAL( OTA_CONTROL_OVER_MQTT, 1 );
VAL( OTA_DATA_OVER_MQTT, 1 );
VAL( OTA_DATA_OVER_HTTP, 2 );
VAL( OTA_DATA_NUM_PROTOCOLS, 2U );

/* JSON and CBOR key strings are compared at run time by header_strings.c;
 * their lengths are pinned here. */
VAL( sizeof( OTA_JSON_JOB_ID_KEY ), sizeof( "execution.jobId" ) );
VAL( sizeof( OTA_JSON_SELF_TEST_KEY ), sizeof( "execution.statusDetails.self_test" ) );
VAL( sizeof( OTA_JSON_PROTOCOLS_KEY ), sizeof( "execution.jobDocument.afr_ota.protocols" ) );
VAL( sizeof( OTA_CBOR_BLOCKPAYLOAD_KEY ), 2U );

/* ------------------------------------------------------------------------ */
/* Configuration defaults (ota_config_defaults.h, v3.4.x HEAD values).      */
/* ------------------------------------------------------------------------ */

#ifndef LAYOUT_ALT_CONFIG
    VAL( otaconfigLOG2_FILE_BLOCK_SIZE, 12UL );
    VAL( otaconfigMAX_BLOCK_BITMAP_SIZE, 128U );
    VAL( otaconfigMAX_THINGNAME_LEN, 128U );
    VAL( OTA_FILE_BLOCK_SIZE, 4096U );
    VAL( OTA_DATA_BLOCK_SIZE, 5626U );
    VAL( OTA_REQUEST_MSG_MAX_SIZE, 384U );
    VAL( OTA_MAX_FILE_SIZE, 0xfffff000UL );
#else
    VAL( otaconfigLOG2_FILE_BLOCK_SIZE, 10UL );
    VAL( otaconfigMAX_BLOCK_BITMAP_SIZE, 256U );
    VAL( otaconfigMAX_THINGNAME_LEN, 64U );
    VAL( OTA_DATA_BLOCK_SIZE, 2554U );
    VAL( OTA_REQUEST_MSG_MAX_SIZE, 768U );
#endif
VAL( otaconfigSELF_TEST_RESPONSE_WAIT_MS, 16000U );
VAL( otaconfigFILE_REQUEST_WAIT_MS, 10000U );
VAL( otaconfigMAX_NUM_BLOCKS_REQUEST, 1U );
VAL( otaconfigMAX_NUM_REQUEST_MOMENTUM, 32U );
VAL( otaconfigOTA_UPDATE_STATUS_FREQUENCY, 64U );
VAL( otaconfigMAX_NUM_OTA_DATA_BUFFERS, 1U );
VAL( otaconfigAllowDowngrade, 0U );
VAL( configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID, 0U );
VAL( configENABLED_CONTROL_PROTOCOL, OTA_CONTROL_OVER_MQTT );
VAL( configENABLED_DATA_PROTOCOLS, OTA_DATA_OVER_MQTT );
VAL( configOTA_PRIMARY_DATA_PROTOCOL, OTA_DATA_OVER_MQTT );
VAL( configOTA_POLLING_EVENTS_TIMEOUT_MS, 1000U );
VAL( OTA_USE_NONCONST_APPVERSION, 0U );
VAL( sizeof( otaconfigSTACK_SIZE ), sizeof( "Please set otaconfigSTACK_SIZE" ) );
VAL( sizeof( otaconfigAGENT_PRIORITY ), sizeof( "Please set otaconfigAGENT_PRIORITY" ) );
#if defined( WIN32 ) || defined( __linux__ )
    SAME( otaconfigOTA_FILE_TYPE, FILE );
#else
    SAME( otaconfigOTA_FILE_TYPE, uint8_t );
#endif

/* ------------------------------------------------------------------------ */
/* Function pointer typedefs.                                               */
/* ------------------------------------------------------------------------ */

SAME( OtaInitEvent_t, OtaOsStatus_t ( * )( OtaEventContext_t * ) );
SAME( OtaSendEvent_t, OtaOsStatus_t ( * )( OtaEventContext_t *, const void *, unsigned int ) );
SAME( OtaReceiveEvent_t, OtaOsStatus_t ( * )( OtaEventContext_t *, void *, uint32_t ) );
SAME( OtaDeinitEvent_t, OtaOsStatus_t ( * )( OtaEventContext_t * ) );
SAME( OtaTimerCallback_t, void ( * )( OtaTimerId_t ) );
SAME( OtaStartTimer_t, OtaOsStatus_t ( * )( OtaTimerId_t, const char * const, const uint32_t, OtaTimerCallback_t ) );
SAME( OtaStopTimer_t, OtaOsStatus_t ( * )( OtaTimerId_t ) );
SAME( OtaDeleteTimer_t, OtaOsStatus_t ( * )( OtaTimerId_t ) );
SAME( OtaMalloc_t, void * ( * )( size_t ) );
SAME( OtaFree_t, void ( * )( void * ) );
SAME( OtaEventContext_t, struct OtaEventContext );

SAME( OtaMqttSubscribe_t, OtaMqttStatus_t ( * )( const char *, uint16_t, uint8_t ) );
SAME( OtaMqttUnsubscribe_t, OtaMqttStatus_t ( * )( const char *, uint16_t, uint8_t ) );
SAME( OtaMqttPublish_t, OtaMqttStatus_t ( * )( const char * const, uint16_t, const char *, uint32_t, uint8_t ) );

SAME( OtaHttpInit_t, OtaHttpStatus_t ( * )( char * ) );
SAME( OtaHttpRequest_t, OtaHttpStatus_t ( * )( uint32_t, uint32_t ) );
SAME( OtaHttpDeinit, OtaHttpStatus_t ( * )( void ) );

SAME( OtaPalAbort_t, OtaPalStatus_t ( * )( OtaFileContext_t * const ) );
SAME( OtaPalCreateFileForRx_t, OtaPalStatus_t ( * )( OtaFileContext_t * const ) );
SAME( OtaPalCloseFile_t, OtaPalStatus_t ( * )( OtaFileContext_t * const ) );
SAME( OtaPalWriteBlock_t, int16_t ( * )( OtaFileContext_t * const, uint32_t, uint8_t * const, uint32_t ) );
SAME( OtaPalActivateNewImage_t, OtaPalStatus_t ( * )( OtaFileContext_t * const ) );
SAME( OtaPalResetDevice_t, OtaPalStatus_t ( * )( OtaFileContext_t * const ) );
SAME( OtaPalSetPlatformImageState_t, OtaPalStatus_t ( * )( OtaFileContext_t * const, OtaImageState_t ) );
SAME( OtaPalGetPlatformImageState_t, OtaPalImageState_t ( * )( OtaFileContext_t * const ) );

SAME( OtaAppCallback_t, void ( * )( OtaJobEvent_t, void * ) );
SAME( Sig256_t, Sig_t );

/* ------------------------------------------------------------------------ */
/* Function prototypes.                                                     */
/* ------------------------------------------------------------------------ */

/* &OTA_Init is not followed by '(', so the config-check macro leaves it. */
FN( OTA_Init, OtaErr_t ( * )( const OtaAppBuffer_t *, const OtaInterfaces_t *, const uint8_t *, OtaAppCallback_t ) );
FN( OTA_InitWithConfigCheck, OtaErr_t ( * )( const OtaAppBuffer_t *, const OtaInterfaces_t *, const uint8_t *, OtaAppCallback_t,
                                             uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t ) );
FN( OTA_Shutdown, OtaState_t ( * )( uint32_t, uint8_t ) );
FN( OTA_GetState, OtaState_t ( * )( void ) );
FN( OTA_ActivateNewImage, OtaErr_t ( * )( void ) );
FN( OTA_SetImageState, OtaErr_t ( * )( OtaImageState_t ) );
FN( OTA_GetImageState, OtaImageState_t ( * )( void ) );
FN( OTA_CheckForUpdate, OtaErr_t ( * )( void ) );
FN( OTA_Suspend, OtaErr_t ( * )( void ) );
FN( OTA_Resume, OtaErr_t ( * )( void ) );
FN( OTA_EventProcessingTask, void ( * )( const void * ) );
FN( OTA_EventProcess, OtaState_t ( * )( void ) );
FN( OTA_SignalEvent, bool ( * )( const OtaEventMsg_t * const ) );
FN( OTA_GetStatistics, OtaErr_t ( * )( OtaAgentStatistics_t * ) );
FN( OTA_Err_strerror, const char * ( * )( OtaErr_t ) );
FN( OTA_JobParse_strerror, const char * ( * )( OtaJobParseErr_t ) );
FN( OTA_PalStatus_strerror, const char * ( * )( OtaPalMainStatus_t ) );
FN( OTA_OsStatus_strerror, const char * ( * )( OtaOsStatus_t ) );

FN( setControlInterface, void ( * )( OtaControlInterface_t * ) );
FN( setDataInterface, OtaErr_t ( * )( OtaDataInterface_t *, const uint8_t * ) );

FN( requestJob_Mqtt, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( initFileTransfer_Mqtt, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( requestFileBlock_Mqtt, OtaErr_t ( * )( OtaAgentContext_t * ) );
FN( decodeFileBlock_Mqtt, OtaErr_t ( * )( const uint8_t *, size_t, int32_t *, int32_t *, int32_t *, uint8_t * const *, size_t * ) );
FN( cleanupControl_Mqtt, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( cleanupData_Mqtt, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( updateJobStatus_Mqtt, OtaErr_t ( * )( const OtaAgentContext_t *, OtaJobStatus_t, int32_t, int32_t ) );
FN( OTA_MQTT_strerror, const char * ( * )( OtaMqttStatus_t ) );

FN( initFileTransfer_Http, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( requestDataBlock_Http, OtaErr_t ( * )( OtaAgentContext_t * ) );
FN( decodeFileBlock_Http, OtaErr_t ( * )( const uint8_t *, size_t, int32_t *, int32_t *, int32_t *, uint8_t * const *, size_t * ) );
FN( cleanupData_Http, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FN( OTA_HTTP_strerror, const char * ( * )( OtaHttpStatus_t ) );

FN( OTA_CBOR_Decode_GetStreamResponseMessage, bool ( * )( const uint8_t *, size_t, int32_t *, int32_t *, int32_t *, uint8_t * const *, size_t * ) );
FN( OTA_CBOR_Encode_GetStreamRequestMessage, bool ( * )( uint8_t *, size_t, size_t *, const char *, int32_t, int32_t, int32_t,
                                                         const uint8_t *, size_t, int32_t ) );
FN( base64Decode, Base64Status_t ( * )( uint8_t *, const size_t, size_t *, const uint8_t *, const size_t ) );

/* The FreeRTOS port functions fit the OS interface typedefs. */
FN( OtaInitEvent_FreeRTOS, OtaInitEvent_t );
FN( OtaSendEvent_FreeRTOS, OtaSendEvent_t );
FN( OtaReceiveEvent_FreeRTOS, OtaReceiveEvent_t );
FN( OtaDeinitEvent_FreeRTOS, OtaDeinitEvent_t );
FN( OtaStartTimer_FreeRTOS, OtaStartTimer_t );
FN( OtaStopTimer_FreeRTOS, OtaStopTimer_t );
FN( OtaDeleteTimer_FreeRTOS, OtaDeleteTimer_t );
FN( Malloc_FreeRTOS, OtaMalloc_t );
FN( Free_FreeRTOS, OtaFree_t );

/* appFirmwareVersion is const unless OTA_USE_NONCONST_APPVERSION == 1. */
SAME( __typeof__( appFirmwareVersion ), const AppVersion32_t );
CHECK( !__builtin_types_compatible_p( __typeof__( &appFirmwareVersion ), AppVersion32_t * ) );

/* ------------------------------------------------------------------------ */
/* OS interface structs.                                                    */
/* ------------------------------------------------------------------------ */

SIZE( OtaEventInterface_t, P( 40, 20 ) );
ALIGN( OtaEventInterface_t, P( 8, 4 ) );
OFF( OtaEventInterface_t, init, 0 );
OFF( OtaEventInterface_t, send, P( 8, 4 ) );
OFF( OtaEventInterface_t, recv, P( 16, 8 ) );
OFF( OtaEventInterface_t, deinit, P( 24, 12 ) );
OFF( OtaEventInterface_t, pEventContext, P( 32, 16 ) );
FTYPE( OtaEventInterface_t, init, OtaInitEvent_t );
FTYPE( OtaEventInterface_t, send, OtaSendEvent_t );
FTYPE( OtaEventInterface_t, recv, OtaReceiveEvent_t );
FTYPE( OtaEventInterface_t, deinit, OtaDeinitEvent_t );
FTYPE( OtaEventInterface_t, pEventContext, OtaEventContext_t * );
SAME( OtaEventInterface_t, struct OtaEventInterface );

SIZE( OtaTimerInterface_t, P( 24, 12 ) );
ALIGN( OtaTimerInterface_t, P( 8, 4 ) );
OFF( OtaTimerInterface_t, start, 0 );
OFF( OtaTimerInterface_t, stop, P( 8, 4 ) );
OFF( OtaTimerInterface_t, delete, P( 16, 8 ) );
FTYPE( OtaTimerInterface_t, start, OtaStartTimer_t );
FTYPE( OtaTimerInterface_t, stop, OtaStopTimer_t );
FTYPE( OtaTimerInterface_t, delete, OtaDeleteTimer_t );
SAME( OtaTimerInterface_t, struct OtaTimerInterface );

SIZE( OtaMallocInterface_t, P( 16, 8 ) );
ALIGN( OtaMallocInterface_t, P( 8, 4 ) );
OFF( OtaMallocInterface_t, malloc, 0 );
OFF( OtaMallocInterface_t, free, P( 8, 4 ) );
FTYPE( OtaMallocInterface_t, malloc, OtaMalloc_t );
FTYPE( OtaMallocInterface_t, free, OtaFree_t );
SAME( OtaMallocInterface_t, struct OtaMallocInterface );

SIZE( OtaOSInterface_t, P( 80, 40 ) );
ALIGN( OtaOSInterface_t, P( 8, 4 ) );
OFF( OtaOSInterface_t, event, 0 );
OFF( OtaOSInterface_t, timer, P( 40, 20 ) );
OFF( OtaOSInterface_t, mem, P( 64, 32 ) );
FTYPE( OtaOSInterface_t, event, OtaEventInterface_t );
FTYPE( OtaOSInterface_t, timer, OtaTimerInterface_t );
FTYPE( OtaOSInterface_t, mem, OtaMallocInterface_t );
SAME( OtaOSInterface_t, struct OtaOSInterface );

/* ------------------------------------------------------------------------ */
/* MQTT, HTTP and PAL interface structs.                                    */
/* ------------------------------------------------------------------------ */

SIZE( OtaMqttInterface_t, P( 24, 12 ) );
ALIGN( OtaMqttInterface_t, P( 8, 4 ) );
OFF( OtaMqttInterface_t, subscribe, 0 );
OFF( OtaMqttInterface_t, unsubscribe, P( 8, 4 ) );
OFF( OtaMqttInterface_t, publish, P( 16, 8 ) );
FTYPE( OtaMqttInterface_t, subscribe, OtaMqttSubscribe_t );
FTYPE( OtaMqttInterface_t, unsubscribe, OtaMqttUnsubscribe_t );
FTYPE( OtaMqttInterface_t, publish, OtaMqttPublish_t );
SAME( OtaMqttInterface_t, struct OtaMqttInterface );

SIZE( OtaHttpInterface_t, P( 24, 12 ) );
ALIGN( OtaHttpInterface_t, P( 8, 4 ) );
OFF( OtaHttpInterface_t, init, 0 );
OFF( OtaHttpInterface_t, request, P( 8, 4 ) );
OFF( OtaHttpInterface_t, deinit, P( 16, 8 ) );
FTYPE( OtaHttpInterface_t, init, OtaHttpInit_t );
FTYPE( OtaHttpInterface_t, request, OtaHttpRequest_t );
FTYPE( OtaHttpInterface_t, deinit, OtaHttpDeinit );
SAME( OtaHttpInterface_t, struct OtaHttpInterface );

SIZE( OtaPalInterface_t, P( 64, 32 ) );
ALIGN( OtaPalInterface_t, P( 8, 4 ) );
OFF( OtaPalInterface_t, abort, 0 );
OFF( OtaPalInterface_t, createFile, P( 8, 4 ) );
OFF( OtaPalInterface_t, closeFile, P( 16, 8 ) );
OFF( OtaPalInterface_t, writeBlock, P( 24, 12 ) );
OFF( OtaPalInterface_t, activate, P( 32, 16 ) );
OFF( OtaPalInterface_t, reset, P( 40, 20 ) );
OFF( OtaPalInterface_t, setPlatformImageState, P( 48, 24 ) );
OFF( OtaPalInterface_t, getPlatformImageState, P( 56, 28 ) );
FTYPE( OtaPalInterface_t, abort, OtaPalAbort_t );
FTYPE( OtaPalInterface_t, createFile, OtaPalCreateFileForRx_t );
FTYPE( OtaPalInterface_t, closeFile, OtaPalCloseFile_t );
FTYPE( OtaPalInterface_t, writeBlock, OtaPalWriteBlock_t );
FTYPE( OtaPalInterface_t, activate, OtaPalActivateNewImage_t );
FTYPE( OtaPalInterface_t, reset, OtaPalResetDevice_t );
FTYPE( OtaPalInterface_t, setPlatformImageState, OtaPalSetPlatformImageState_t );
FTYPE( OtaPalInterface_t, getPlatformImageState, OtaPalGetPlatformImageState_t );
SAME( OtaPalInterface_t, struct OtaPalInterface );

/* ------------------------------------------------------------------------ */
/* ota.h structs.                                                           */
/* ------------------------------------------------------------------------ */

SIZE( OtaInterfaces_t, P( 192, 96 ) );
ALIGN( OtaInterfaces_t, P( 8, 4 ) );
OFF( OtaInterfaces_t, os, 0 );
OFF( OtaInterfaces_t, mqtt, P( 80, 40 ) );
OFF( OtaInterfaces_t, http, P( 104, 52 ) );
OFF( OtaInterfaces_t, pal, P( 128, 64 ) );
FTYPE( OtaInterfaces_t, os, OtaOSInterface_t );
FTYPE( OtaInterfaces_t, mqtt, OtaMqttInterface_t );
FTYPE( OtaInterfaces_t, http, OtaHttpInterface_t );
FTYPE( OtaInterfaces_t, pal, OtaPalInterface_t );
SAME( OtaInterfaces_t, struct OtaInterface );

SIZE( OtaAppBuffer_t, P( 112, 56 ) );
ALIGN( OtaAppBuffer_t, P( 8, 4 ) );
OFF( OtaAppBuffer_t, pUpdateFilePath, 0 );
OFF( OtaAppBuffer_t, updateFilePathsize, P( 8, 4 ) );
OFF( OtaAppBuffer_t, pCertFilePath, P( 16, 8 ) );
OFF( OtaAppBuffer_t, certFilePathSize, P( 24, 12 ) );
OFF( OtaAppBuffer_t, pStreamName, P( 32, 16 ) );
OFF( OtaAppBuffer_t, streamNameSize, P( 40, 20 ) );
OFF( OtaAppBuffer_t, pDecodeMemory, P( 48, 24 ) );
OFF( OtaAppBuffer_t, decodeMemorySize, P( 56, 28 ) );
OFF( OtaAppBuffer_t, pFileBitmap, P( 64, 32 ) );
OFF( OtaAppBuffer_t, fileBitmapSize, P( 72, 36 ) );
OFF( OtaAppBuffer_t, pUrl, P( 80, 40 ) );
OFF( OtaAppBuffer_t, urlSize, P( 88, 44 ) );
OFF( OtaAppBuffer_t, pAuthScheme, P( 96, 48 ) );
OFF( OtaAppBuffer_t, authSchemeSize, P( 104, 52 ) );
FTYPE( OtaAppBuffer_t, pUpdateFilePath, uint8_t * );
FTYPE( OtaAppBuffer_t, updateFilePathsize, uint16_t );
FTYPE( OtaAppBuffer_t, pCertFilePath, uint8_t * );
FTYPE( OtaAppBuffer_t, certFilePathSize, uint16_t );
FTYPE( OtaAppBuffer_t, pStreamName, uint8_t * );
FTYPE( OtaAppBuffer_t, streamNameSize, uint16_t );
FTYPE( OtaAppBuffer_t, pDecodeMemory, uint8_t * );
FTYPE( OtaAppBuffer_t, decodeMemorySize, uint32_t );
FTYPE( OtaAppBuffer_t, pFileBitmap, uint8_t * );
FTYPE( OtaAppBuffer_t, fileBitmapSize, uint16_t );
FTYPE( OtaAppBuffer_t, pUrl, uint8_t * );
FTYPE( OtaAppBuffer_t, urlSize, uint16_t );
FTYPE( OtaAppBuffer_t, pAuthScheme, uint8_t * );
FTYPE( OtaAppBuffer_t, authSchemeSize, uint16_t );
SAME( OtaAppBuffer_t, struct OtaAppBuffer );

SIZE( OtaJobDocument_t, PE( 56, 32, 36 ) );
ALIGN( OtaJobDocument_t, P( 8, 4 ) );
OFF( OtaJobDocument_t, pJobDocJson, 0 );
OFF( OtaJobDocument_t, jobDocLength, P( 8, 4 ) );
OFF( OtaJobDocument_t, pJobId, P( 16, 8 ) );
OFF( OtaJobDocument_t, jobIdLength, P( 24, 12 ) );
OFF( OtaJobDocument_t, fileTypeId, P( 32, 16 ) );
OFF( OtaJobDocument_t, parseErr, PE( 36, 20, 20 ) );
OFF( OtaJobDocument_t, status, PE( 40, 21, 24 ) );
OFF( OtaJobDocument_t, reason, PE( 44, 24, 28 ) );
OFF( OtaJobDocument_t, subReason, PE( 48, 28, 32 ) );
FTYPE( OtaJobDocument_t, pJobDocJson, const uint8_t * );
FTYPE( OtaJobDocument_t, jobDocLength, size_t );
FTYPE( OtaJobDocument_t, pJobId, const uint8_t * );
FTYPE( OtaJobDocument_t, jobIdLength, size_t );
FTYPE( OtaJobDocument_t, fileTypeId, uint32_t );
FTYPE( OtaJobDocument_t, parseErr, OtaJobParseErr_t );
FTYPE( OtaJobDocument_t, status, OtaJobStatus_t );
FTYPE( OtaJobDocument_t, reason, int32_t );
FTYPE( OtaJobDocument_t, subReason, int32_t );
SAME( OtaJobDocument_t, struct OtaJobDocument );

/* OtaAgentContext_t: offsets per ABI for the two thing-name limits tested. */
#if ( otaconfigMAX_THINGNAME_LEN == 128U ) || ( otaconfigMAX_THINGNAME_LEN == 64U )
    /* Each row: thing name 128 ( 64-bit, 32-bit short enums, 32-bit int
     * enums ), then thing name 64 ( same ). */
    #define AGENT_OFF( f, a, b, c, d, e, g ) \
    OFF( OtaAgentContext_t, f, ( otaconfigMAX_THINGNAME_LEN == 128U ) ? PE( a, b, c ) : PE( d, e, g ) )

    CHECK( sizeof( OtaAgentContext_t ) ==
           ( ( otaconfigMAX_THINGNAME_LEN == 128U ) ? PE( 472, 372, 376 ) : PE( 408, 308, 312 ) ) );
    AGENT_OFF( state, 0, 0, 0, 0, 0, 0 );
    AGENT_OFF( pThingName, 4, 1, 4, 4, 1, 4 );
    AGENT_OFF( fileContext, 136, 132, 136, 72, 68, 72 );
    AGENT_OFF( fileIndex, 320, 240, 244, 256, 176, 180 );
    AGENT_OFF( serverFileID, 324, 244, 248, 260, 180, 184 );
    AGENT_OFF( pActiveJobName, 328, 248, 252, 264, 184, 188 );
    AGENT_OFF( pClientTokenFromJob, 408, 324, 328, 344, 260, 264 );
    AGENT_OFF( timestampFromJob, 416, 328, 332, 352, 264, 268 );
    AGENT_OFF( imageState, 420, 332, 336, 356, 268, 272 );
    AGENT_OFF( numOfBlocksToReceive, 424, 336, 340, 360, 272, 276 );
    AGENT_OFF( statistics, 428, 340, 344, 364, 276, 280 );
    AGENT_OFF( requestMomentum, 444, 356, 360, 380, 292, 296 );
    AGENT_OFF( pOtaInterface, 448, 360, 364, 384, 296, 300 );
    AGENT_OFF( OtaAppCallback, 456, 364, 368, 392, 300, 304 );
    AGENT_OFF( unsubscribeOnShutdown, 464, 368, 372, 400, 304, 308 );
    AGENT_OFF( isOtaInterfaceInited, 465, 369, 373, 401, 305, 309 );
#endif
ALIGN( OtaAgentContext_t, P( 8, 4 ) );
VAL( sizeof( ( ( OtaAgentContext_t * ) 0 )->pThingName ), otaconfigMAX_THINGNAME_LEN + 1U );
VAL( sizeof( ( ( OtaAgentContext_t * ) 0 )->pActiveJobName ), 73U );
FTYPE( OtaAgentContext_t, state, OtaState_t );
FTYPE( OtaAgentContext_t, fileContext, OtaFileContext_t );
FTYPE( OtaAgentContext_t, fileIndex, uint32_t );
FTYPE( OtaAgentContext_t, serverFileID, uint32_t );
FTYPE( OtaAgentContext_t, pClientTokenFromJob, uint8_t * );
FTYPE( OtaAgentContext_t, timestampFromJob, uint32_t );
FTYPE( OtaAgentContext_t, imageState, OtaImageState_t );
FTYPE( OtaAgentContext_t, numOfBlocksToReceive, uint32_t );
FTYPE( OtaAgentContext_t, statistics, OtaAgentStatistics_t );
FTYPE( OtaAgentContext_t, requestMomentum, uint32_t );
FTYPE( OtaAgentContext_t, pOtaInterface, const OtaInterfaces_t * );
FTYPE( OtaAgentContext_t, OtaAppCallback, OtaAppCallback_t );
FTYPE( OtaAgentContext_t, unsubscribeOnShutdown, uint8_t );
FTYPE( OtaAgentContext_t, isOtaInterfaceInited, uint8_t );
SAME( OtaAgentContext_t, struct OtaAgentContext );

/* ------------------------------------------------------------------------ */
/* ota_private.h structs.                                                   */
/* ------------------------------------------------------------------------ */

SIZE( Sig_t, 386 );
ALIGN( Sig_t, 2 );
OFF( Sig_t, size, 0 );
OFF( Sig_t, data, 2 );
FTYPE( Sig_t, size, uint16_t );
VAL( sizeof( ( ( Sig_t * ) 0 )->data ), 384U );

SIZE( OtaFileContext_t, P( 184, 108 ) );
ALIGN( OtaFileContext_t, P( 8, 4 ) );
OFF( OtaFileContext_t, pFilePath, 0 );
OFF( OtaFileContext_t, filePathMaxSize, P( 8, 4 ) );
OFF( OtaFileContext_t, pFile, P( 16, 8 ) );
OFF( OtaFileContext_t, fileSize, P( 24, 12 ) );
OFF( OtaFileContext_t, blocksRemaining, P( 28, 16 ) );
OFF( OtaFileContext_t, fileAttributes, P( 32, 20 ) );
OFF( OtaFileContext_t, serverFileID, P( 36, 24 ) );
OFF( OtaFileContext_t, pJobName, P( 40, 28 ) );
OFF( OtaFileContext_t, jobNameMaxSize, P( 48, 32 ) );
OFF( OtaFileContext_t, pStreamName, P( 56, 36 ) );
OFF( OtaFileContext_t, streamNameMaxSize, P( 64, 40 ) );
OFF( OtaFileContext_t, pRxBlockBitmap, P( 72, 44 ) );
OFF( OtaFileContext_t, blockBitmapMaxSize, P( 80, 48 ) );
OFF( OtaFileContext_t, pCertFilepath, P( 88, 52 ) );
OFF( OtaFileContext_t, certFilePathMaxSize, P( 96, 56 ) );
OFF( OtaFileContext_t, pUpdateUrlPath, P( 104, 60 ) );
OFF( OtaFileContext_t, updateUrlMaxSize, P( 112, 64 ) );
OFF( OtaFileContext_t, pAuthScheme, P( 120, 68 ) );
OFF( OtaFileContext_t, authSchemeMaxSize, P( 128, 72 ) );
OFF( OtaFileContext_t, updaterVersion, P( 132, 76 ) );
OFF( OtaFileContext_t, isInSelfTest, P( 136, 80 ) );
OFF( OtaFileContext_t, pProtocols, P( 144, 84 ) );
OFF( OtaFileContext_t, protocolMaxSize, P( 152, 88 ) );
OFF( OtaFileContext_t, pDecodeMem, P( 160, 92 ) );
OFF( OtaFileContext_t, decodeMemMaxSize, P( 168, 96 ) );
OFF( OtaFileContext_t, fileType, P( 172, 100 ) );
OFF( OtaFileContext_t, pSignature, P( 176, 104 ) );
FTYPE( OtaFileContext_t, pFilePath, uint8_t * );
FTYPE( OtaFileContext_t, filePathMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pFile, otaconfigOTA_FILE_TYPE * );
FTYPE( OtaFileContext_t, fileSize, uint32_t );
FTYPE( OtaFileContext_t, blocksRemaining, uint32_t );
FTYPE( OtaFileContext_t, fileAttributes, uint32_t );
FTYPE( OtaFileContext_t, serverFileID, uint32_t );
FTYPE( OtaFileContext_t, pJobName, uint8_t * );
FTYPE( OtaFileContext_t, jobNameMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pStreamName, uint8_t * );
FTYPE( OtaFileContext_t, streamNameMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pRxBlockBitmap, uint8_t * );
FTYPE( OtaFileContext_t, blockBitmapMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pCertFilepath, uint8_t * );
FTYPE( OtaFileContext_t, certFilePathMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pUpdateUrlPath, uint8_t * );
FTYPE( OtaFileContext_t, updateUrlMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pAuthScheme, uint8_t * );
FTYPE( OtaFileContext_t, authSchemeMaxSize, uint16_t );
FTYPE( OtaFileContext_t, updaterVersion, uint32_t );
FTYPE( OtaFileContext_t, isInSelfTest, bool );
FTYPE( OtaFileContext_t, pProtocols, uint8_t * );
FTYPE( OtaFileContext_t, protocolMaxSize, uint16_t );
FTYPE( OtaFileContext_t, pDecodeMem, uint8_t * );
FTYPE( OtaFileContext_t, decodeMemMaxSize, uint32_t );
FTYPE( OtaFileContext_t, fileType, uint32_t );
FTYPE( OtaFileContext_t, pSignature, Sig_t * );
SAME( OtaFileContext_t, struct OtaFileContext );

/* OtaEventData_t: 5636 bytes at the default 4 KiB blocks on every ABI. */
#define EVENT_DATA_LENGTH_OFF    ( ( OTA_DATA_BLOCK_SIZE + 3U ) & ~3U )
SIZE( OtaEventData_t, EVENT_DATA_LENGTH_OFF + 8U );
ALIGN( OtaEventData_t, 4 );
OFF( OtaEventData_t, data, 0 );
OFF( OtaEventData_t, dataLength, EVENT_DATA_LENGTH_OFF );
OFF( OtaEventData_t, bufferUsed, EVENT_DATA_LENGTH_OFF + 4U );
VAL( sizeof( ( ( OtaEventData_t * ) 0 )->data ), OTA_DATA_BLOCK_SIZE );
FTYPE( OtaEventData_t, dataLength, uint32_t );
FTYPE( OtaEventData_t, bufferUsed, bool );
SAME( OtaEventData_t, struct OtaEventData );
#ifndef LAYOUT_ALT_CONFIG
    SIZE( OtaEventData_t, 5636 );
    OFF( OtaEventData_t, dataLength, 5628 );
    OFF( OtaEventData_t, bufferUsed, 5632 );
#else
    SIZE( OtaEventData_t, 2564 );
    OFF( OtaEventData_t, dataLength, 2556 );
    OFF( OtaEventData_t, bufferUsed, 2560 );
#endif

SIZE( OtaEventMsg_t, P( 16, 8 ) );
ALIGN( OtaEventMsg_t, P( 8, 4 ) );
OFF( OtaEventMsg_t, pEventData, 0 );
OFF( OtaEventMsg_t, eventId, P( 8, 4 ) );
FTYPE( OtaEventMsg_t, pEventData, OtaEventData_t * );
FTYPE( OtaEventMsg_t, eventId, OtaEvent_t );
SAME( OtaEventMsg_t, struct OtaEventMsg );

SIZE( OtaAgentStatistics_t, 16 );
ALIGN( OtaAgentStatistics_t, 4 );
OFF( OtaAgentStatistics_t, otaPacketsReceived, 0 );
OFF( OtaAgentStatistics_t, otaPacketsQueued, 4 );
OFF( OtaAgentStatistics_t, otaPacketsProcessed, 8 );
OFF( OtaAgentStatistics_t, otaPacketsDropped, 12 );
FTYPE( OtaAgentStatistics_t, otaPacketsReceived, uint32_t );
FTYPE( OtaAgentStatistics_t, otaPacketsQueued, uint32_t );
FTYPE( OtaAgentStatistics_t, otaPacketsProcessed, uint32_t );
FTYPE( OtaAgentStatistics_t, otaPacketsDropped, uint32_t );
SAME( OtaAgentStatistics_t, struct OtaAgentStatistics );

/* Document model types (sizes derived from the field list, not measured). */
SIZE( JsonDocParam_t, PE( 24, 12, 16 ) );
ALIGN( JsonDocParam_t, P( 8, 4 ) );
OFF( JsonDocParam_t, pSrcKey, 0 );
OFF( JsonDocParam_t, required, P( 8, 4 ) );
OFF( JsonDocParam_t, pDestOffset, P( 10, 6 ) );
OFF( JsonDocParam_t, pDestSizeOffset, P( 12, 8 ) );
OFF( JsonDocParam_t, modelParamType, PE( 16, 10, 12 ) );
FTYPE( JsonDocParam_t, pSrcKey, const char * );
FTYPE( JsonDocParam_t, required, bool );
FTYPE( JsonDocParam_t, pDestOffset, uint16_t );
FTYPE( JsonDocParam_t, pDestSizeOffset, uint16_t );
FTYPE( JsonDocParam_t, modelParamType, ModelParamType_t );

SIZE( JsonDocModel_t, P( 40, 24 ) );
ALIGN( JsonDocModel_t, P( 8, 4 ) );
OFF( JsonDocModel_t, contextBase, 0 );
OFF( JsonDocModel_t, contextSize, P( 8, 4 ) );
OFF( JsonDocModel_t, pBodyDef, P( 16, 8 ) );
OFF( JsonDocModel_t, numModelParams, P( 24, 12 ) );
OFF( JsonDocModel_t, paramsReceivedBitmap, P( 28, 16 ) );
OFF( JsonDocModel_t, paramsRequiredBitmap, P( 32, 20 ) );
FTYPE( JsonDocModel_t, contextBase, void * );
FTYPE( JsonDocModel_t, contextSize, uint32_t );
FTYPE( JsonDocModel_t, pBodyDef, const JsonDocParam_t * );
FTYPE( JsonDocModel_t, numModelParams, uint16_t );
FTYPE( JsonDocModel_t, paramsReceivedBitmap, uint32_t );
FTYPE( JsonDocModel_t, paramsRequiredBitmap, uint32_t );

/* ------------------------------------------------------------------------ */
/* ota_interface_private.h structs (derived from the field list).           */
/* ------------------------------------------------------------------------ */

SIZE( OtaControlInterface_t, P( 24, 12 ) );
OFF( OtaControlInterface_t, requestJob, 0 );
OFF( OtaControlInterface_t, updateJobStatus, P( 8, 4 ) );
OFF( OtaControlInterface_t, cleanup, P( 16, 8 ) );
FTYPE( OtaControlInterface_t, requestJob, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FTYPE( OtaControlInterface_t, updateJobStatus, OtaErr_t ( * )( const OtaAgentContext_t *, OtaJobStatus_t, int32_t, int32_t ) );
FTYPE( OtaControlInterface_t, cleanup, OtaErr_t ( * )( const OtaAgentContext_t * ) );

SIZE( OtaDataInterface_t, P( 32, 16 ) );
OFF( OtaDataInterface_t, initFileTransfer, 0 );
OFF( OtaDataInterface_t, requestFileBlock, P( 8, 4 ) );
OFF( OtaDataInterface_t, decodeFileBlock, P( 16, 8 ) );
OFF( OtaDataInterface_t, cleanup, P( 24, 12 ) );
FTYPE( OtaDataInterface_t, initFileTransfer, OtaErr_t ( * )( const OtaAgentContext_t * ) );
FTYPE( OtaDataInterface_t, requestFileBlock, OtaErr_t ( * )( OtaAgentContext_t * ) );
FTYPE( OtaDataInterface_t, decodeFileBlock, OtaErr_t ( * )( const uint8_t *, size_t, int32_t *, int32_t *, int32_t *, uint8_t * const *, size_t * ) );
FTYPE( OtaDataInterface_t, cleanup, OtaErr_t ( * )( const OtaAgentContext_t * ) );

/* ------------------------------------------------------------------------ */
/* ota_appversion32.h.                                                      */
/* ------------------------------------------------------------------------ */

SIZE( AppVersion32_t, 4 );
ALIGN( AppVersion32_t, 4 );
OFF( AppVersion32_t, u, 0 );
OFF( AppVersion32_t, u.x, 0 );
OFF( AppVersion32_t, u.unsignedVersion32, 0 );
OFF( AppVersion32_t, u.signedVersion32, 0 );
FTYPE( AppVersion32_t, u.x.major, uint8_t );
FTYPE( AppVersion32_t, u.x.minor, uint8_t );
FTYPE( AppVersion32_t, u.x.build, uint16_t );
FTYPE( AppVersion32_t, u.unsignedVersion32, uint32_t );
FTYPE( AppVersion32_t, u.signedVersion32, int32_t );
SIZE( struct version, 4 );
#if defined( __BYTE_ORDER__ ) && ( __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ )
    /* major is the most significant byte of unsignedVersion32. */
    OFF( struct version, build, 0 );
    OFF( struct version, minor, 2 );
    OFF( struct version, major, 3 );
#elif defined( __BYTE_ORDER__ ) && ( __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ )
    OFF( struct version, major, 0 );
    OFF( struct version, minor, 1 );
    OFF( struct version, build, 2 );
#endif
