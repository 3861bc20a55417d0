/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: a scripted v1 PAL (defined here, with the v1 prototypes) under a
 * v3 application, for what the v1 adapter translates:
 *
 * - error words: every v1 code with a v3 equivalent both ways, sub codes
 *   kept, codes without one taking the operation's code, a non-zero word
 *   with agent code 0 still a failure (OTA_V1_ToPalStatus /
 *   OTA_V1_FromPalStatus, and through the agent: create, close, activate,
 *   set image state);
 * - the file context: one address for a whole file, the handle union left
 *   to the PAL (a numeric lFileHandle here), the fields of the layout the
 *   build selects, cleared after the abort that ends a file, a v3
 *   signature longer than Sig256_t cut to 256 bytes;
 * - PAL quirks: a write that reports fewer bytes than the block still
 *   counts as the whole block (as in v1); a create without a handle fails
 *   the job; out-of-range image states read as Invalid.
 *
 * Built with OTA_V1_FILE_CONTEXT_LAYOUT 110 and 100.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_v1_adapter.h"
#include "legacy_common.h"

/* v3's OTA_ActivateNewImage, named before the v1 header takes the name over. */
static OtaErr_t v3ActivateNewImage( void )
{
    return OTA_ActivateNewImage();
}

#include "aws_iot_ota_pal.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };

/* The v1 PAL's key; the v1 header makes it OTA_JsonFileSignatureKey. */
const char cOTA_JSON_FileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

/* ------------------------------------------------------------------------ */
/* The scripted v1 PAL.                                                     */

#define PAL_HANDLE       0x1234
#define IMAGE_MAX        ( 8U * 1024U )

static struct
{
    OTA_Err_t createResult;
    bool createSetsHandle;
    int writeMode;          /* 0: count, 1: report 1 byte, 2: fail */
    OTA_Err_t closeResult;
    OTA_Err_t activateResult;
    OTA_Err_t setStateResult;
    int getStateValue;

    /* Seen. */
    OTA_FileContext_t * context;
    int contextChanges;
    int handleChanges;
    int creates;
    int writes;
    int closes;
    int aborts;
    int handleAtCreate;
    uint32_t fileSize;
    uint32_t serverFileId;
    uint16_t signatureSize;
    char jobName[ 80 ];
    char streamName[ 80 ];
    char protocols[ 40 ];
    int layoutFieldsOk;
    uint8_t image[ IMAGE_MAX ];
} pal;

static void seen( OTA_FileContext_t * const C )
{
    if( C != pal.context )
    {
        pal.contextChanges++;
    }

    if( C->lFileHandle != PAL_HANDLE )
    {
        pal.handleChanges++;
    }
}

OTA_Err_t prvPAL_CreateFileForRx( OTA_FileContext_t * const C )
{
    pal.creates++;
    pal.context = C;
    pal.handleAtCreate = C->lFileHandle;
    pal.fileSize = C->ulFileSize;
    pal.serverFileId = C->ulServerFileID;
    pal.signatureSize = ( C->pxSignature != NULL ) ? C->pxSignature->usSize : 0U;
    ( void ) snprintf( pal.jobName, sizeof( pal.jobName ), "%s", ( C->pucJobName != NULL ) ? ( const char * ) C->pucJobName : "" );
    ( void ) snprintf( pal.streamName, sizeof( pal.streamName ), "%s",
                       ( C->pucStreamName != NULL ) ? ( const char * ) C->pucStreamName : "" );
    #if ( OTA_V1_FILE_CONTEXT_LAYOUT == 100 )
        pal.layoutFieldsOk = ( C->xRequestTimer == NULL ) && ( C->ulRequestMomentum == 0U ) && ( C->xIsInSelfTest == 0U ) &&
                             ( C->pucRxBlockBitmap != NULL );
        pal.protocols[ 0 ] = '\0';
    #else
        pal.layoutFieldsOk = ( C->pucProtocols != NULL ) && !C->bIsInSelfTest && ( C->xIsInSelfTest == 0U ) &&
                             ( C->pucUpdateUrlPath == NULL ) && ( C->pucRxBlockBitmap != NULL );
        ( void ) snprintf( pal.protocols, sizeof( pal.protocols ), "%s",
                           ( C->pucProtocols != NULL ) ? ( const char * ) C->pucProtocols : "" );
    #endif

    if( pal.createSetsHandle && ( pal.createResult == kOTA_Err_None ) )
    {
        C->lFileHandle = PAL_HANDLE;
    }

    return pal.createResult;
}

int16_t prvPAL_WriteBlock( OTA_FileContext_t * const C,
                           uint32_t ulOffset,
                           uint8_t * const pcData,
                           uint32_t ulBlockSize )
{
    seen( C );
    pal.writes++;

    if( pal.writeMode == 2 )
    {
        return -1;
    }

    if( ( ulOffset + ulBlockSize ) <= sizeof( pal.image ) )
    {
        ( void ) memcpy( &pal.image[ ulOffset ], pcData, ulBlockSize );
    }

    return ( pal.writeMode == 1 ) ? ( int16_t ) 1 : ( int16_t ) ulBlockSize;
}

OTA_Err_t prvPAL_CloseFile( OTA_FileContext_t * const C )
{
    seen( C );
    pal.closes++;
    pal.signatureSize = ( C->pxSignature != NULL ) ? C->pxSignature->usSize : 0U;
    return pal.closeResult;
}

OTA_Err_t prvPAL_Abort( OTA_FileContext_t * const C )
{
    pal.aborts++;

    if( C->lFileHandle != 0 )
    {
        seen( C );
    }

    C->lFileHandle = 0;
    return kOTA_Err_None;
}

OTA_Err_t prvPAL_ActivateNewImage( void )
{
    return pal.activateResult;
}

OTA_Err_t prvPAL_ResetDevice( void )
{
    return kOTA_Err_ResetNotSupported;
}

OTA_Err_t prvPAL_SetPlatformImageState( OTA_ImageState_t eState )
{
    ( void ) eState;
    return pal.setStateResult;
}

OTA_PAL_ImageState_t prvPAL_GetPlatformImageState( void )
{
    return ( OTA_PAL_ImageState_t ) pal.getStateValue;
}

static void resetPal( void )
{
    ( void ) memset( &pal, 0, sizeof( pal ) );
    pal.createSetsHandle = true;
    pal.getStateValue = eOTA_PAL_ImageState_Valid;
}

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                 */

#define STREAM       "stream-quirks"
#define FILE_SIZE    ( 5U * 1024U + 77U )

static uint8_t image[ FILE_SIZE ];

static void runJob( const char * jobId,
                    const char * sigB64 )
{
    char exec[ 2048 ];

    ( void ) lc_job_mqtt( exec, sizeof( exec ), jobId, STREAM, "quirks.bin", "signer.crt", FILE_SIZE, sigB64, NULL );
    CHECK( fake_cloud_notify_next( exec ), "notify-next with %s", jobId );
    ( void ) fake_drive();
}

/* ------------------------------------------------------------------------ */

static void checkCodeTable( void )
{
    static const struct
    {
        uint32_t v1;
        uint32_t v3;
    } pairs[] =
    {
        { kOTA_Err_SignatureCheckFailed, OtaPalSignatureCheckFailed },
        { kOTA_Err_BadSignerCert,        OtaPalBadSignerCert        },
        { kOTA_Err_OutOfMemory,          OtaPalOutOfMemory          },
        { kOTA_Err_ActivateFailed,       OtaPalActivateFailed       },
        { kOTA_Err_CommitFailed,         OtaPalCommitFailed         },
        { kOTA_Err_RejectFailed,         OtaPalRejectFailed         },
        { kOTA_Err_AbortFailed,          OtaPalAbortFailed          },
        { kOTA_Err_BadImageState,        OtaPalBadImageState        },
        { kOTA_Err_FileAbort,            OtaPalFileAbort            },
        { kOTA_Err_FileClose,            OtaPalFileClose            },
        { kOTA_Err_RxFileCreateFailed,   OtaPalRxFileCreateFailed   },
        { kOTA_Err_BootInfoCreateFailed, OtaPalBootInfoCreateFailed },
        { kOTA_Err_RxFileTooLarge,       OtaPalRxFileTooLarge       },
        { kOTA_Err_NullFilePtr,          OtaPalNullFileContext      },
        { kOTA_Err_Uninitialized,        OtaPalUninitialized        },
    };
    size_t i;

    CHECK_INT( 0, OTA_V1_ToPalStatus( kOTA_Err_None, OtaPalFileClose ), "kOTA_Err_None" );
    CHECK_INT( kOTA_Err_None, OTA_V1_FromPalStatus( OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0x55 ) ), "OtaPalSuccess with a sub code" );

    for( i = 0; i < sizeof( pairs ) / sizeof( pairs[ 0 ] ); i++ )
    {
        CHECK_INT( OTA_PAL_COMBINE_ERR( pairs[ i ].v3, 0x00abcd ), OTA_V1_ToPalStatus( pairs[ i ].v1 | 0x00abcdU, OtaPalFileClose ),
                   "v1 code to PAL status" );
        CHECK_INT( pairs[ i ].v1 | 0x00abcdU, OTA_V1_FromPalStatus( OTA_PAL_COMBINE_ERR( pairs[ i ].v3, 0x00abcd ) ),
                   "PAL status to v1 code" );
    }

    /* Codes without a v3 meaning take the caller's code, sub code kept. */
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, 0 ), OTA_V1_ToPalStatus( kOTA_Err_ResetNotSupported, OtaPalActivateFailed ),
               "kOTA_Err_ResetNotSupported" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalFileAbort, 3 ), OTA_V1_ToPalStatus( kOTA_Err_Panic | 3U, OtaPalFileAbort ), "kOTA_Err_Panic" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalFileClose, 0x123 ), OTA_V1_ToPalStatus( 0x123U, OtaPalFileClose ),
               "a sub code with agent code 0 is a failure" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalUninitialized, 1 ), OTA_V1_ToPalStatus( 1U, OtaPalSuccess ),
               "a failure stays one with a success fallback" );
    CHECK_INT( kOTA_Err_Uninitialized | 9U, OTA_V1_FromPalStatus( OTA_PAL_COMBINE_ERR( 0x42, 9 ) ), "unknown PAL main code" );
}

int main( void )
{
    OtaPalInterface_t * p = &fake_interfaces()->pal;
    char longSig[ 600 ];
    uint8_t sigBytes[ 300 ];
    size_t mq;
    size_t cb;
    const char * st;

    fake_setup( "legacy_v1_quirks" );
    resetPal();
    checkCodeTable();

    CHECK( !OTA_V1_GetPalInterfaceForLayout( p, 120U ), "layout 120 accepted" );
    CHECK( !OTA_V1_GetPalInterfaceForLayout( NULL, 110U ), "NULL table accepted" );
    CHECK( OTA_V1_GetPalInterface( p ), "OTA_V1_GetPalInterface" );
    CHECK_STR( "sig-sha256-ecdsa", OTA_JsonFileSignatureKey, "OTA_JsonFileSignatureKey" );

    fake_make_bytes( image, sizeof( image ), 77U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    fake_cloud_set_next_job( NULL );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    /* 1. A good file: context, fields, handle. */
    mq = fake_mqtt_count();
    runJob( "job-q-good", fake_signature_b64() );
    CHECK_INT( 1, pal.creates, "creates" );
    CHECK_INT( 0, pal.handleAtCreate, "lFileHandle at create (context cleared for each file)" );
    CHECK_INT( lc_blocks( FILE_SIZE ), pal.writes, "writes" );
    CHECK_INT( 1, pal.closes, "closes" );
    CHECK_INT( 0, pal.contextChanges, "calls with another context than create's" );
    CHECK_INT( 0, pal.handleChanges, "calls with another lFileHandle than the PAL set" );
    CHECK_INT( FILE_SIZE, pal.fileSize, "ulFileSize" );
    CHECK_INT( 0, pal.serverFileId, "ulServerFileID" );
    CHECK_INT( ABI_SIG_LEN, pal.signatureSize, "pxSignature->usSize" );
    CHECK_STR( "job-q-good", pal.jobName, "pucJobName" );
    CHECK_STR( STREAM, pal.streamName, "pucStreamName" );
    CHECK( pal.layoutFieldsOk, "fields of the selected layout" );
    #if ( OTA_V1_FILE_CONTEXT_LAYOUT != 100 )
        CHECK( strstr( pal.protocols, "MQTT" ) != NULL, "pucProtocols \"%s\"", pal.protocols );
    #endif
    CHECK( memcmp( pal.image, image, FILE_SIZE ) == 0, "bytes the PAL received" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-q-good", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready status" );

    /* 2. A write that reports 1 byte for each block: v1 took any count >= 0. */
    resetPal();
    pal.writeMode = 1;
    mq = fake_mqtt_count();
    runJob( "job-q-short", fake_signature_b64() );
    CHECK_INT( lc_blocks( FILE_SIZE ), pal.writes, "writes with short counts" );
    CHECK_INT( 1, pal.closes, "file closed although writes reported fewer bytes" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-q-short", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready status with short write counts" );

    /* 3. A failed write fails the job. */
    resetPal();
    pal.writeMode = 2;
    mq = fake_mqtt_count();
    runJob( "job-q-wfail", fake_signature_b64() );
    CHECK( pal.writes >= 1, "no write attempted" );
    CHECK_INT( 0, pal.closes, "file closed after a failed write" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-q-wfail", "{\"status\":\"FAILED\"" ), "FAILED after a failed write" );

    /* 4. Create fails with a v1 code and sub code. */
    resetPal();
    pal.createResult = kOTA_Err_RxFileTooLarge | 0x42U;
    mq = fake_mqtt_count();
    runJob( "job-q-create", fake_signature_b64() );
    CHECK_INT( 0, pal.writes, "writes after create failed" );
    CHECK_STR( "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"aborted: 0xe5000042\"}}",
               fake_job_status( mq, "job-q-create", "{\"status\":\"FAILED\"" ), "status after kOTA_Err_RxFileTooLarge" );

    /* 5. Create succeeds without a handle: no block can be written. */
    resetPal();
    pal.createSetsHandle = false;
    mq = fake_mqtt_count();
    runJob( "job-q-nohandle", fake_signature_b64() );
    CHECK_INT( 0, pal.writes, "writes without a handle" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-q-nohandle", "{\"status\":\"FAILED\"" ), "FAILED without a handle" );

    /* 6. Close fails: a BadSignerCert with sub code, then agent code 0 with a sub code. */
    resetPal();
    pal.closeResult = kOTA_Err_BadSignerCert | 5U;
    mq = fake_mqtt_count();
    cb = fake_cb_count();
    runJob( "job-q-cert", fake_signature_b64() );
    st = fake_job_status( mq, "job-q-cert", "{\"status\":\"FAILED\"" );
    abi_note( "close with kOTA_Err_BadSignerCert | 5 -> %s", st );
    CHECK( strstr( st, "\"0x000000e7: 0x00000005\"" ) != NULL, "BadSignerCert | 5 did not reach the status: %s", st );
    CHECK_INT( 1, fake_cb_count_event( cb, OtaJobEventFail ), "Fail callback after close failed" );

    resetPal();
    pal.closeResult = 0x123U;
    mq = fake_mqtt_count();
    runJob( "job-q-close0", fake_signature_b64() );
    st = fake_job_status( mq, "job-q-close0", "{\"status\":\"FAILED\"" );
    abi_note( "close with 0x00000123 -> %s", st );
    CHECK( strstr( st, "\"0x000000ee: 0x00000123\"" ) != NULL, "close 0x123 not a FileClose failure: %s", st );

    /* 7. A v3 signature longer than Sig256_t. */
    resetPal();
    fake_make_bytes( sigBytes, sizeof( sigBytes ), 3U );
    ( void ) fake_base64( sigBytes, sizeof( sigBytes ), longSig, sizeof( longSig ) );
    runJob( "job-q-longsig", longSig );
    CHECK_INT( 256, pal.signatureSize, "usSize of a 300-byte signature" );

    /* 8. Activation without a v3 equivalent for the v1 code. */
    resetPal();
    pal.activateResult = kOTA_Err_ResetNotSupported;
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, 0 ), p->activate( NULL ), "activate with kOTA_Err_ResetNotSupported" );
    CHECK_INT( OtaErrActivateFailed, v3ActivateNewImage(), "OTA_ActivateNewImage (v3) with a failing v1 activate" );
    CHECK_INT( kOTA_Err_ResetNotSupported, OTA_ActivateNewImage(), "OTA_ActivateNewImage (v1, the name after the v1 header)" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, 0 ), p->reset( NULL ), "reset with kOTA_Err_ResetNotSupported" );

    /* 9. Image states. */
    pal.setStateResult = kOTA_Err_CommitFailed | 1U;
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, 1 ), p->setPlatformImageState( NULL, OtaImageStateAccepted ), "commit failure" );
    pal.setStateResult = kOTA_Err_Uninitialized;
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalUninitialized, 0 ), p->setPlatformImageState( NULL, OtaImageStateRejected ), "uninitialized" );
    pal.setStateResult = kOTA_Err_ResetNotSupported;
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalRejectFailed, 0 ), p->setPlatformImageState( NULL, OtaImageStateRejected ), "fallback for Rejected" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalAbortFailed, 0 ), p->setPlatformImageState( NULL, OtaImageStateAborted ), "fallback for Aborted" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalBadImageState, 0 ), p->setPlatformImageState( NULL, OtaImageStateTesting ), "fallback for Testing" );
    pal.setStateResult = kOTA_Err_None;
    CHECK_INT( 0, p->setPlatformImageState( NULL, OtaImageStateTesting ), "success" );

    pal.getStateValue = eOTA_PAL_ImageState_PendingCommit;
    CHECK_INT( OtaPalImageStatePendingCommit, p->getPlatformImageState( NULL ), "PendingCommit" );
    pal.getStateValue = eOTA_PAL_ImageState_Invalid;
    CHECK_INT( OtaPalImageStateInvalid, p->getPlatformImageState( NULL ), "Invalid" );
    pal.getStateValue = eOTA_PAL_ImageState_Unknown;
    CHECK_INT( OtaPalImageStateUnknown, p->getPlatformImageState( NULL ), "Unknown" );
    pal.getStateValue = ( int ) eOTA_PAL_ImageState_Invalid | 0x0c;
    CHECK_INT( OtaPalImageStateInvalid, p->getPlatformImageState( NULL ), "Invalid with errno bits" );

    /* 10. NULL contexts. */
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0 ), p->createFile( NULL ), "createFile( NULL )" );
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0 ), p->closeFile( NULL ), "closeFile( NULL )" );
    CHECK_INT( -1, p->writeBlock( NULL, 0U, image, 1U ), "writeBlock( NULL )" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
