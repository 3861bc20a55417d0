/*
 * SPDX-License-Identifier: MIT
 *
 * Compile-time layout checks of the legacy compatibility headers: every v1
 * type (Amazon FreeRTOS OTA V1.0.x and V1.1.x/V1.2.x) and every AliOS-Things
 * OTA HAL type, with the sizes, offsets, alignments and values of the
 * original headers. Nothing runs: this file compiles or names the condition
 * that does not hold.
 *
 * Reference numbers: 32-bit pointers (arm-none-eabi Cortex-M4) with 1-byte
 * enums (its default) and 4-byte enums (-fno-short-enums), 64-bit pointers
 * (x86_64 / aarch64 Linux, 4-byte enums). Compiled for both values of
 * OTA_V1_FILE_CONTEXT_LAYOUT (tests/legacy.rs).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "aws_iot_ota_types.h"
#include "aws_ota_types.h"
#include "aws_iot_ota_agent.h"
#include "aws_ota_agent.h"
#include "aws_iot_ota_pal.h"
#include "aws_ota_pal.h"
#include "aws_iot_ota_agent_internal.h"
#include "aws_ota_agent_internal.h"
#include "aws_iot_ota_interface.h"
#include "iot_appversion32.h"
#include "hal/base.h"
#include "hal/ota.h"

#define CHECK( cond )          __extension__ _Static_assert( cond, #cond )
#define SIZE( T, n )           CHECK( sizeof( T ) == ( n ) )
#define ALIGN( T, n )          CHECK( __extension__ __alignof__( T ) == ( n ) )
#define OFF( T, f, n )         CHECK( offsetof( T, f ) == ( n ) )
#define FTYPE( T, f, type )    CHECK( __builtin_types_compatible_p( __typeof__( ( ( T * ) 0 )->f ), type ) )
#define FN( fn, type )         CHECK( __builtin_types_compatible_p( __typeof__( &fn ), type ) )
#define VAL( e, n )            CHECK( ( e ) == ( n ) )

#define SHORT_ENUMS    ( sizeof( OTA_ImageState_t ) == 1U )

#if UINTPTR_MAX == 0xffffffffffffffffULL
    #define P( p64, p32 )            ( p64 )
    #define PE( p64, p32s, p32i )    ( p64 )
    CHECK( sizeof( OTA_ImageState_t ) == 4U );
#elif UINTPTR_MAX == 0xffffffffUL
    #define P( p64, p32 )            ( p32 )
    #define PE( p64, p32s, p32i )    ( SHORT_ENUMS ? ( p32s ) : ( p32i ) )
#else
    #error "No reference layout for this pointer size."
#endif

/* ------------------------------------------------------------------------ */
/* Enum widths: every enum has the one width of the compiler's enums.       */

#define ENUM_SIZE    ( SHORT_ENUMS ? 1U : 4U )

SIZE( OTA_State_t, ENUM_SIZE );
SIZE( OTA_JobParseErr_t, ENUM_SIZE );
SIZE( OTA_PAL_ImageState_t, ENUM_SIZE );
SIZE( OTA_JobEvent_t, ENUM_SIZE );
SIZE( OTA_ImageState_t, ENUM_SIZE );
SIZE( OTA_ENUM_UPDATE_TYPE, ENUM_SIZE );
SIZE( OTA_ENUM_RESULT_TYPE, ENUM_SIZE );
SIZE( OTA_ENUM_FIRMWARE_TYPE, ENUM_SIZE );
SIZE( enum ota_parti_e, ENUM_SIZE );
#if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
    SIZE( OTA_Event_t, ENUM_SIZE );
#endif

/* ------------------------------------------------------------------------ */
/* Type names of aws_iot_ota_types.h.                                       */

CHECK( __builtin_types_compatible_p( u32, uint32_t ) );
CHECK( __builtin_types_compatible_p( u16, uint16_t ) );
CHECK( __builtin_types_compatible_p( u8, uint8_t ) );
CHECK( __builtin_types_compatible_p( s32, int32_t ) );
CHECK( __builtin_types_compatible_p( s16, int16_t ) );
CHECK( __builtin_types_compatible_p( s8, int8_t ) );
CHECK( __builtin_types_compatible_p( i32, int32_t ) );
CHECK( __builtin_types_compatible_p( i16, int16_t ) );
CHECK( __builtin_types_compatible_p( i8, int8_t ) );
CHECK( __builtin_types_compatible_p( bool_t, uint8_t ) );
VAL( true, 1 );
VAL( false, 0 );

/* ------------------------------------------------------------------------ */
/* Constants and error codes.                                               */

VAL( OTA_FILE_SIG_KEY_STR_MAX_LENGTH, 32 );
VAL( CONST_STRLEN( "abc" ), 3U );
VAL( kOTA_MaxSignatureSize, 256 );
VAL( OTA_DEBUG_LOG_LEVEL, 1 );
VAL( OTA_CONTROL_OVER_MQTT, 1 );
VAL( OTA_DATA_OVER_MQTT, 1 );
VAL( OTA_DATA_OVER_HTTP, 2 );
VAL( OTA_DATA_NUM_PROTOCOLS, 2U );
VAL( OTA_FILE_BLOCK_SIZE, ( 1U << otaconfigLOG2_FILE_BLOCK_SIZE ) );

SIZE( OTA_Err_t, 4U );
CHECK( __builtin_types_compatible_p( OTA_Err_t, uint32_t ) );
VAL( kOTA_PAL_ErrMask, 0xffffffUL );
VAL( kOTA_Main_ErrMask, 0xff000000UL );
VAL( kOTA_MainErrShiftDownBits, 24U );
VAL( kOTA_Err_Panic, 0xfe000000UL );
VAL( kOTA_Err_Uninitialized, 0xff000000UL );
VAL( kOTA_Err_None, 0UL );
VAL( kOTA_Err_SignatureCheckFailed, 0x01000000UL );
VAL( kOTA_Err_BadSignerCert, 0x02000000UL );
VAL( kOTA_Err_OutOfMemory, 0x03000000UL );
VAL( kOTA_Err_ActivateFailed, 0x04000000UL );
VAL( kOTA_Err_CommitFailed, 0x05000000UL );
VAL( kOTA_Err_RejectFailed, 0x06000000UL );
VAL( kOTA_Err_AbortFailed, 0x07000000UL );
VAL( kOTA_Err_PublishFailed, 0x08000000UL );
VAL( kOTA_Err_BadImageState, 0x09000000UL );
VAL( kOTA_Err_NoActiveJob, 0x0a000000UL );
VAL( kOTA_Err_NoFreeContext, 0x0b000000UL );
VAL( kOTA_Err_HTTPInitFailed, 0x0c000000UL );
VAL( kOTA_Err_HTTPRequestFailed, 0x0d000000UL );
VAL( kOTA_Err_FileAbort, 0x10000000UL );
VAL( kOTA_Err_FileClose, 0x11000000UL );
VAL( kOTA_Err_RxFileCreateFailed, 0x12000000UL );
VAL( kOTA_Err_BootInfoCreateFailed, 0x13000000UL );
VAL( kOTA_Err_RxFileTooLarge, 0x14000000UL );
VAL( kOTA_Err_NullFilePtr, 0x20000000UL );
VAL( kOTA_Err_MomentumAbort, 0x21000000UL );
VAL( kOTA_Err_DowngradeNotAllowed, 0x22000000UL );
VAL( kOTA_Err_SameFirmwareVersion, 0x23000000UL );
VAL( kOTA_Err_JobParserError, 0x24000000UL );
VAL( kOTA_Err_FailedToEncodeCBOR, 0x25000000UL );
VAL( kOTA_Err_ImageStateMismatch, 0x26000000UL );
VAL( kOTA_Err_GenericIngestError, 0x27000000UL );
VAL( kOTA_Err_UserAbort, 0x28000000UL );
VAL( kOTA_Err_ResetNotSupported, 0x29000000UL );
VAL( kOTA_Err_TopicTooLarge, 0x2a000000UL );
VAL( kOTA_Err_SelfTestTimerFailed, 0x2b000000UL );
VAL( kOTA_Err_EventQueueSendFailed, 0x2c000000UL );
VAL( kOTA_Err_InvalidDataProtocol, 0x2d000000UL );
VAL( kOTA_Err_OTAAgentStopped, 0x2e000000UL );

/* ------------------------------------------------------------------------ */
/* Enumerations.                                                            */

VAL( eOTA_JobEvent_Activate, 0 );
VAL( eOTA_JobEvent_Fail, 1 );
VAL( eOTA_JobEvent_StartTest, 2 );
VAL( eOTA_LastJobEvent, 2 );

VAL( eOTA_ImageState_Unknown, 0 );
VAL( eOTA_ImageState_Testing, 1 );
VAL( eOTA_ImageState_Accepted, 2 );
VAL( eOTA_ImageState_Rejected, 3 );
VAL( eOTA_ImageState_Aborted, 4 );
VAL( eOTA_LastImageState, 4 );

VAL( eOTA_PAL_ImageState_Unknown, 0 );
VAL( eOTA_PAL_ImageState_PendingCommit, 1 );
VAL( eOTA_PAL_ImageState_Valid, 2 );
VAL( eOTA_PAL_ImageState_Invalid, 3 );

VAL( eOTA_JobParseErr_Unknown, -1 );
VAL( eOTA_JobParseErr_None, 0 );
VAL( eOTA_JobParseErr_BusyWithExistingJob, 1 );
VAL( eOTA_JobParseErr_NullJob, 2 );
VAL( eOTA_JobParseErr_ZeroFileSize, 4 );
VAL( eOTA_JobParseErr_NonConformingJobDoc, 5 );
VAL( eOTA_JobParseErr_BadModelInitParams, 6 );
VAL( eOTA_JobParseErr_NoContextAvailable, 7 );

#if ( OTA_V1_FILE_CONTEXT_LAYOUT == 100 )
    VAL( eOTA_JobParseErr_BusyWithSameJob, 3 );

    VAL( eOTA_AgentState_Unknown, -1 );
    VAL( eOTA_AgentState_NotReady, 0 );
    VAL( eOTA_AgentState_Ready, 1 );
    VAL( eOTA_AgentState_Active, 2 );
    VAL( eOTA_AgentState_ShuttingDown, 3 );
    VAL( eOTA_NumAgentStates, 4 );
#else
    VAL( eOTA_JobParseErr_UpdateCurrentJob, 3 );
    VAL( eOTA_JobParseErr_NoActiveJobs, 8 );

    VAL( eOTA_AgentState_NoTransition, -1 );
    VAL( eOTA_AgentState_Init, 0 );
    VAL( eOTA_AgentState_Ready, 1 );
    VAL( eOTA_AgentState_RequestingJob, 2 );
    VAL( eOTA_AgentState_WaitingForJob, 3 );
    VAL( eOTA_AgentState_CreatingFile, 4 );
    VAL( eOTA_AgentState_RequestingFileBlock, 5 );
    VAL( eOTA_AgentState_WaitingForFileBlock, 6 );
    VAL( eOTA_AgentState_ClosingFile, 7 );
    VAL( eOTA_AgentState_Suspended, 8 );
    VAL( eOTA_AgentState_ShuttingDown, 9 );
    VAL( eOTA_AgentState_Stopped, 10 );
    VAL( eOTA_AgentState_All, 11 );

    VAL( eOTA_AgentEvent_Start, 0 );
    VAL( eOTA_AgentEvent_StartSelfTest, 1 );
    VAL( eOTA_AgentEvent_RequestJobDocument, 2 );
    VAL( eOTA_AgentEvent_ReceivedJobDocument, 3 );
    VAL( eOTA_AgentEvent_CreateFile, 4 );
    VAL( eOTA_AgentEvent_RequestFileBlock, 5 );
    VAL( eOTA_AgentEvent_ReceivedFileBlock, 6 );
    VAL( eOTA_AgentEvent_RequestTimer, 7 );
    VAL( eOTA_AgentEvent_CloseFile, 8 );
    VAL( eOTA_AgentEvent_Suspend, 9 );
    VAL( eOTA_AgentEvent_Resume, 10 );
    VAL( eOTA_AgentEvent_UserAbort, 11 );
    VAL( eOTA_AgentEvent_Shutdown, 12 );
    VAL( eOTA_AgentEvent_Max, 13 );
#endif

/* ------------------------------------------------------------------------ */
/* Sig256_t.                                                                */

SIZE( Sig256_t, 258U );
ALIGN( Sig256_t, 2U );
OFF( Sig256_t, usSize, 0U );
OFF( Sig256_t, ucData, 2U );
FTYPE( Sig256_t, usSize, uint16_t );
FTYPE( Sig256_t, ucData, uint8_t[ 256 ] );

/* ------------------------------------------------------------------------ */
/* OTA_FileContext_t, V1.0.x (201908, 201910).                              */

SIZE( OtaV1FileContextV1_0_t, P( 96U, 60U ) );
OFF( OtaV1FileContextV1_0_t, pucFilePath, 0U );
OFF( OtaV1FileContextV1_0_t, lFileHandle, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_0_t, pucFile, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_0_t, pxFile, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_0_t, xRequestTimer, P( 16U, 8U ) );
OFF( OtaV1FileContextV1_0_t, ulFileSize, P( 24U, 12U ) );
OFF( OtaV1FileContextV1_0_t, ulBlocksRemaining, P( 28U, 16U ) );
OFF( OtaV1FileContextV1_0_t, ulFileAttributes, P( 32U, 20U ) );
OFF( OtaV1FileContextV1_0_t, ulServerFileID, P( 36U, 24U ) );
OFF( OtaV1FileContextV1_0_t, ulRequestMomentum, P( 40U, 28U ) );
OFF( OtaV1FileContextV1_0_t, pucJobName, P( 48U, 32U ) );
OFF( OtaV1FileContextV1_0_t, pucStreamName, P( 56U, 36U ) );
OFF( OtaV1FileContextV1_0_t, pxSignature, P( 64U, 40U ) );
OFF( OtaV1FileContextV1_0_t, pucRxBlockBitmap, P( 72U, 44U ) );
OFF( OtaV1FileContextV1_0_t, pucCertFilepath, P( 80U, 48U ) );
OFF( OtaV1FileContextV1_0_t, ulUpdaterVersion, P( 88U, 52U ) );
OFF( OtaV1FileContextV1_0_t, xIsInSelfTest, P( 92U, 56U ) );
FTYPE( OtaV1FileContextV1_0_t, lFileHandle, int32_t );
FTYPE( OtaV1FileContextV1_0_t, pucFile, uint8_t * );
FTYPE( OtaV1FileContextV1_0_t, pxFile, FILE * );
FTYPE( OtaV1FileContextV1_0_t, pxSignature, Sig256_t * );
FTYPE( OtaV1FileContextV1_0_t, xIsInSelfTest, uint8_t );
SIZE( ( ( OtaV1FileContextV1_0_t * ) 0 )->xRequestTimer, P( 8U, 4U ) );

/* ------------------------------------------------------------------------ */
/* OTA_FileContext_t, V1.1.x and V1.2.x (201912 to 202012).                 */

SIZE( OtaV1FileContextV1_1_t, P( 104U, 64U ) );
OFF( OtaV1FileContextV1_1_t, pucFilePath, 0U );
OFF( OtaV1FileContextV1_1_t, lFileHandle, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_1_t, pucFile, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_1_t, pxFile, P( 8U, 4U ) );
OFF( OtaV1FileContextV1_1_t, ulFileSize, P( 16U, 8U ) );
OFF( OtaV1FileContextV1_1_t, ulBlocksRemaining, P( 20U, 12U ) );
OFF( OtaV1FileContextV1_1_t, ulFileAttributes, P( 24U, 16U ) );
OFF( OtaV1FileContextV1_1_t, ulServerFileID, P( 28U, 20U ) );
OFF( OtaV1FileContextV1_1_t, pucJobName, P( 32U, 24U ) );
OFF( OtaV1FileContextV1_1_t, pucStreamName, P( 40U, 28U ) );
OFF( OtaV1FileContextV1_1_t, pxSignature, P( 48U, 32U ) );
OFF( OtaV1FileContextV1_1_t, pucRxBlockBitmap, P( 56U, 36U ) );
OFF( OtaV1FileContextV1_1_t, pucCertFilepath, P( 64U, 40U ) );
OFF( OtaV1FileContextV1_1_t, pucUpdateUrlPath, P( 72U, 44U ) );
OFF( OtaV1FileContextV1_1_t, pucAuthScheme, P( 80U, 48U ) );
OFF( OtaV1FileContextV1_1_t, ulUpdaterVersion, P( 88U, 52U ) );
OFF( OtaV1FileContextV1_1_t, xIsInSelfTest, P( 92U, 56U ) );
OFF( OtaV1FileContextV1_1_t, bIsInSelfTest, P( 92U, 56U ) );
OFF( OtaV1FileContextV1_1_t, pucProtocols, P( 96U, 60U ) );
FTYPE( OtaV1FileContextV1_1_t, xIsInSelfTest, uint8_t );
FTYPE( OtaV1FileContextV1_1_t, bIsInSelfTest, bool );
FTYPE( OtaV1FileContextV1_1_t, pxSignature, Sig256_t * );

#if ( OTA_V1_FILE_CONTEXT_LAYOUT == 100 )
    CHECK( __builtin_types_compatible_p( OTA_FileContext_t, OtaV1FileContextV1_0_t ) );
#else
    CHECK( __builtin_types_compatible_p( OTA_FileContext_t, OtaV1FileContextV1_1_t ) );

    SIZE( OTA_ConnectionContext_t, P( 24U, 12U ) );
    OFF( OTA_ConnectionContext_t, pvControlClient, 0U );
    OFF( OTA_ConnectionContext_t, pxNetworkInterface, P( 8U, 4U ) );
    OFF( OTA_ConnectionContext_t, pvNetworkCredentials, P( 16U, 8U ) );
#endif

/* ------------------------------------------------------------------------ */
/* Callbacks and the PAL prototypes.                                        */

SIZE( OTA_PAL_Callbacks_t, P( 80U, 40U ) );
OFF( OTA_PAL_Callbacks_t, xAbort, 0U );
OFF( OTA_PAL_Callbacks_t, xActivateNewImage, P( 8U, 4U ) );
OFF( OTA_PAL_Callbacks_t, xCloseFile, P( 16U, 8U ) );
OFF( OTA_PAL_Callbacks_t, xCreateFileForRx, P( 24U, 12U ) );
OFF( OTA_PAL_Callbacks_t, xGetPlatformImageState, P( 32U, 16U ) );
OFF( OTA_PAL_Callbacks_t, xResetDevice, P( 40U, 20U ) );
OFF( OTA_PAL_Callbacks_t, xSetPlatformImageState, P( 48U, 24U ) );
OFF( OTA_PAL_Callbacks_t, xWriteBlock, P( 56U, 28U ) );
OFF( OTA_PAL_Callbacks_t, xCompleteCallback, P( 64U, 32U ) );
OFF( OTA_PAL_Callbacks_t, xCustomJobCallback, P( 72U, 36U ) );

FN( prvPAL_Abort, pxOTAPALAbortCallback_t );
FN( prvPAL_CreateFileForRx, pxOTAPALCreateFileForRxCallback_t );
FN( prvPAL_CloseFile, pxOTAPALCloseFileCallback_t );
FN( prvPAL_WriteBlock, pxOTAPALWriteBlockCallback_t );
FN( prvPAL_ActivateNewImage, OTA_Err_t ( * )( void ) );
FN( prvPAL_ResetDevice, OTA_Err_t ( * )( void ) );
FN( prvPAL_SetPlatformImageState, OTA_Err_t ( * )( OTA_ImageState_t ) );
FN( prvPAL_GetPlatformImageState, OTA_PAL_ImageState_t ( * )( void ) );
FN( OTA_ActivateNewImage, OTA_Err_t ( * )( void ) );
FN( OTA_SetImageState, OTA_Err_t ( * )( OTA_ImageState_t ) );
FN( OTA_GetImageState, OTA_ImageState_t ( * )( void ) );
FN( OTA_CheckForUpdate, OTA_Err_t ( * )( void ) );
FN( OTA_GetPacketsReceived, uint32_t ( * )( void ) );

/* The v1 symbols that are v3 ones. */
CHECK( __builtin_types_compatible_p( __typeof__( cOTA_JSON_FileSignatureKey ), const char[ 32 ] ) );

/* ------------------------------------------------------------------------ */
/* AppVersion32_t of iot_appversion32.h.                                    */

SIZE( AppVersion32_t, 4U );
OFF( AppVersion32_t, u.ulVersion32, 0U );
OFF( AppVersion32_t, u.lVersion32, 0U );
#if defined( __BYTE_ORDER__ ) && ( __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ )
    OFF( AppVersion32_t, u.x.usBuild, 0U );
    OFF( AppVersion32_t, u.x.ucMinor, 2U );
    OFF( AppVersion32_t, u.x.ucMajor, 3U );
#endif

/* ------------------------------------------------------------------------ */
/* AliOS-Things OTA HAL.                                                    */

SIZE( dlist_t, P( 16U, 8U ) );
SIZE( hal_module_base_t, P( 40U, 20U ) );
OFF( hal_module_base_t, list, 0U );
OFF( hal_module_base_t, magic, P( 16U, 8U ) );
OFF( hal_module_base_t, name, P( 24U, 12U ) );
OFF( hal_module_base_t, priv_dev, P( 32U, 16U ) );

SIZE( hal_ota_module_t, P( 80U, 40U ) );
OFF( hal_ota_module_t, base, 0U );
OFF( hal_ota_module_t, init, P( 40U, 20U ) );
OFF( hal_ota_module_t, ota_write, P( 48U, 24U ) );
OFF( hal_ota_module_t, ota_read, P( 56U, 28U ) );
OFF( hal_ota_module_t, ota_set_boot, P( 64U, 32U ) );
OFF( hal_ota_module_t, ota_rollback, P( 72U, 36U ) );
FTYPE( hal_ota_module_t, init, int ( * )( hal_ota_module_t *, void * ) );
FTYPE( hal_ota_module_t, ota_write, int ( * )( hal_ota_module_t *, volatile uint32_t *, uint8_t *, uint32_t ) );
FTYPE( hal_ota_module_t, ota_read, int ( * )( hal_ota_module_t *, volatile uint32_t *, uint8_t *, uint32_t ) );
FTYPE( hal_ota_module_t, ota_set_boot, int ( * )( hal_ota_module_t *, void * ) );
FTYPE( hal_ota_module_t, ota_rollback, int ( * )( hal_ota_module_t * ) );

SIZE( ota_finish_param_t, PE( 20U, 12U, 20U ) );
OFF( ota_finish_param_t, update_type, 0U );
OFF( ota_finish_param_t, result_type, PE( 4U, 1U, 4U ) );
OFF( ota_finish_param_t, firmware_type, PE( 8U, 2U, 8U ) );
OFF( ota_finish_param_t, splict_size, PE( 12U, 4U, 12U ) );
OFF( ota_finish_param_t, diff_version, PE( 16U, 8U, 16U ) );

SIZE( boot_table_t, 24U );
OFF( boot_table_t, start_address, 0U );
OFF( boot_table_t, length, 4U );
OFF( boot_table_t, version, 8U );
OFF( boot_table_t, type, 16U );
OFF( boot_table_t, upgrade_type, 17U );
OFF( boot_table_t, crc, 18U );
OFF( boot_table_t, reserved, 20U );

VAL( OTA_KERNEL, 0 );
VAL( OTA_APP, 1 );
VAL( OTA_ALL, 2 );
VAL( OTA_FINISH, 0 );
VAL( OTA_BREAKPOINT, 1 );
VAL( OTA_RAW, 0 );
VAL( OTA_DIFF, 1 );
VAL( OTA_PARTITION_KERNEL, 0 );
VAL( OTA_PARTITION_APP, 1 );
VAL( OTA_PARTITION_DEFAULT, 2 );
VAL( HAL_ERR_ARG, -4096 );
VAL( HAL_ERR_CAP, -4095 );
CHECK( __builtin_types_compatible_p( hal_stat_t, int ) );

/* Keeps the unit non-empty for ISO C. */
typedef int layout_legacy_nonempty;
