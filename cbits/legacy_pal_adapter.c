/*
 * SPDX-License-Identifier: MIT
 *
 * A v1 PAL (the eight prvPAL_* functions of an Amazon FreeRTOS v1
 * aws_ota_pal.c) seen by the v3 agent as an OtaPalInterface_t, and the
 * mapping between v1 error words and v3 PAL status words. Declared in
 * include/ota_v1_adapter.h; docs/porting-legacy.md has the details.
 *
 * The v1 file context lives here, at one address for the life of the
 * program. Before each file call the fields the agent owns are copied in
 * from its OtaFileContext_t; the handle union is never written except to
 * clear the context after the abort that ends a file, which is what the v1
 * agent did too. All calls come from the agent task except set/get image
 * state and reset, which touch no shared state here.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ota.h"
#include "ota_platform_interface.h"
#include "ota_v1_adapter.h"
#include "legacy_internal.h"

/*------------------------------ Error codes -------------------------------*/

/* v1 agent code (bits 31..24) and the v3 main code with the same meaning. */
typedef struct
{
    uint8_t v1;
    uint8_t v3;
} CodePair_t;

static const CodePair_t codePairs[] =
{
    { 0x01U, ( uint8_t ) OtaPalSignatureCheckFailed },
    { 0x02U, ( uint8_t ) OtaPalBadSignerCert        },
    { 0x03U, ( uint8_t ) OtaPalOutOfMemory          },
    { 0x04U, ( uint8_t ) OtaPalActivateFailed       },
    { 0x05U, ( uint8_t ) OtaPalCommitFailed         },
    { 0x06U, ( uint8_t ) OtaPalRejectFailed         },
    { 0x07U, ( uint8_t ) OtaPalAbortFailed          },
    { 0x09U, ( uint8_t ) OtaPalBadImageState        },
    { 0x10U, ( uint8_t ) OtaPalFileAbort            },
    { 0x11U, ( uint8_t ) OtaPalFileClose            },
    { 0x12U, ( uint8_t ) OtaPalRxFileCreateFailed   },
    { 0x13U, ( uint8_t ) OtaPalBootInfoCreateFailed },
    { 0x14U, ( uint8_t ) OtaPalRxFileTooLarge       },
    { 0x20U, ( uint8_t ) OtaPalNullFileContext      },
    { 0xffU, ( uint8_t ) OtaPalUninitialized        },
};

#define CODE_PAIRS    ( sizeof( codePairs ) / sizeof( codePairs[ 0 ] ) )

OtaPalStatus_t OTA_V1_ToPalStatus( uint32_t v1Err,
                                   OtaPalMainStatus_t fallbackMain )
{
    uint32_t main = v1Err >> kOTA_MainErrShiftDownBits;
    uint32_t sub = v1Err & kOTA_PAL_ErrMask;
    OtaPalMainStatus_t mapped = fallbackMain;
    size_t i;

    if( v1Err == kOTA_Err_None )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0U );
    }

    for( i = 0; i < CODE_PAIRS; i++ )
    {
        if( codePairs[ i ].v1 == main )
        {
            mapped = codePairs[ i ].v3;
            break;
        }
    }

    /* A failure must stay a failure even if the caller's fallback is 0. */
    if( mapped == OtaPalSuccess )
    {
        mapped = OtaPalUninitialized;
    }

    return OTA_PAL_COMBINE_ERR( mapped, sub );
}

uint32_t OTA_V1_FromPalStatus( OtaPalStatus_t status )
{
    uint32_t main = OTA_PAL_MAIN_ERR( status );
    uint32_t sub = OTA_PAL_SUB_ERR( status );
    size_t i;

    if( main == OtaPalSuccess )
    {
        return kOTA_Err_None;
    }

    for( i = 0; i < CODE_PAIRS; i++ )
    {
        if( codePairs[ i ].v3 == main )
        {
            return ( ( uint32_t ) codePairs[ i ].v1 << kOTA_MainErrShiftDownBits ) | sub;
        }
    }

    return kOTA_Err_Uninitialized | sub;
}

/*--------------------------- Default callbacks ----------------------------*/

/* The v1 callback table passes the server file ID to these four; the
 * prvPAL_* functions take none. */

static OTA_Err_t defaultActivate( uint32_t ulServerFileID )
{
    ( void ) ulServerFileID;
    return prvPAL_ActivateNewImage();
}

static OTA_PAL_ImageState_t defaultGetState( uint32_t ulServerFileID )
{
    ( void ) ulServerFileID;
    return prvPAL_GetPlatformImageState();
}

static OTA_Err_t defaultReset( uint32_t ulServerFileID )
{
    ( void ) ulServerFileID;
    return prvPAL_ResetDevice();
}

static OTA_Err_t defaultSetState( uint32_t ulServerFileID,
                                  OTA_ImageState_t eState )
{
    ( void ) ulServerFileID;
    return prvPAL_SetPlatformImageState( eState );
}

static const OTA_PAL_Callbacks_t defaultCallbacks =
{
    prvPAL_Abort,
    defaultActivate,
    prvPAL_CloseFile,
    prvPAL_CreateFileForRx,
    defaultGetState,
    defaultReset,
    defaultSetState,
    prvPAL_WriteBlock,
    NULL,
    NULL
};

/*--------------------------------- State ----------------------------------*/

/* One v1 file context, in whichever layout the PAL was compiled with. */
typedef union
{
    OtaV1FileContextV1_0_t v1_0;
    OtaV1FileContextV1_1_t v1_1;
} V1Context_t;

static V1Context_t v1Context;
static OtaV1Sig256_t v1Signature;
static uint32_t v1Layout = OTA_V1_LAYOUT_V1_1;
static uint32_t lastServerFileId = 0U;
static OTA_PAL_Callbacks_t callbacks =
{
    prvPAL_Abort,
    defaultActivate,
    prvPAL_CloseFile,
    prvPAL_CreateFileForRx,
    defaultGetState,
    defaultReset,
    defaultSetState,
    prvPAL_WriteBlock,
    NULL,
    NULL
};

void ota_v1_pal_set_layout( uint32_t layout )
{
    v1Layout = layout;
}

/* An entry the application set replaces the default one. */
#define OTA_V1_TAKE( pUser, field )               \
    do {                                          \
        if( ( pUser )->field != NULL )            \
        {                                         \
            callbacks.field = ( pUser )->field;   \
        }                                         \
    } while( 0 )

void ota_v1_pal_use_callbacks( const OTA_PAL_Callbacks_t * pUser )
{
    callbacks = defaultCallbacks;

    if( pUser != NULL )
    {
        OTA_V1_TAKE( pUser, xAbort );
        OTA_V1_TAKE( pUser, xActivateNewImage );
        OTA_V1_TAKE( pUser, xCloseFile );
        OTA_V1_TAKE( pUser, xCreateFileForRx );
        OTA_V1_TAKE( pUser, xGetPlatformImageState );
        OTA_V1_TAKE( pUser, xResetDevice );
        OTA_V1_TAKE( pUser, xSetPlatformImageState );
        OTA_V1_TAKE( pUser, xWriteBlock );
    }
}

#undef OTA_V1_TAKE

const OTA_PAL_Callbacks_t * ota_v1_pal_callbacks( void )
{
    return &callbacks;
}

uint32_t ota_v1_pal_server_file_id( void )
{
    return lastServerFileId;
}

static OTA_FileContext_t * pv1( void )
{
    /* The PAL reads this as the layout it was compiled with. */
    return ( OTA_FileContext_t * ) ( void * ) &v1Context;
}

static bool v1HasHandle( void )
{
    /* The handle union sits right after pucFilePath in both layouts. */
    return ( v1Layout == OTA_V1_LAYOUT_V1_0 ) ? ( v1Context.v1_0.pucFile != NULL ) :
           ( v1Context.v1_1.pucFile != NULL );
}

/* Copies what the agent knows about the file into the v1 context, leaving
 * the PAL's handle alone. */
static void syncToV1( const OtaFileContext_t * pFileContext )
{
    size_t size = 0U;

    if( pFileContext == NULL )
    {
        return;
    }

    lastServerFileId = pFileContext->serverFileID;

    if( pFileContext->pSignature != NULL )
    {
        size = pFileContext->pSignature->size;

        if( size > sizeof( v1Signature.ucData ) )
        {
            LogWarn( ( "v1 PAL: the %u-byte signature does not fit a v1 Sig256_t; passing its first %u bytes.",
                       ( unsigned ) size, ( unsigned ) sizeof( v1Signature.ucData ) ) );
            size = sizeof( v1Signature.ucData );
        }

        ( void ) memcpy( v1Signature.ucData, pFileContext->pSignature->data, size );
    }

    if( size < sizeof( v1Signature.ucData ) )
    {
        ( void ) memset( &v1Signature.ucData[ size ], 0, sizeof( v1Signature.ucData ) - size );
    }

    v1Signature.usSize = ( uint16_t ) size;

    if( v1Layout == OTA_V1_LAYOUT_V1_0 )
    {
        OtaV1FileContextV1_0_t * c = &v1Context.v1_0;

        c->pucFilePath = pFileContext->pFilePath;
        c->xRequestTimer = NULL;
        c->ulFileSize = pFileContext->fileSize;
        c->ulBlocksRemaining = pFileContext->blocksRemaining;
        c->ulFileAttributes = pFileContext->fileAttributes;
        c->ulServerFileID = pFileContext->serverFileID;
        c->ulRequestMomentum = 0U;
        c->pucJobName = pFileContext->pJobName;
        c->pucStreamName = pFileContext->pStreamName;
        c->pxSignature = &v1Signature;
        c->pucRxBlockBitmap = pFileContext->pRxBlockBitmap;
        c->pucCertFilepath = pFileContext->pCertFilepath;
        c->ulUpdaterVersion = pFileContext->updaterVersion;
        c->xIsInSelfTest = pFileContext->isInSelfTest ? 1U : 0U;
    }
    else
    {
        OtaV1FileContextV1_1_t * c = &v1Context.v1_1;

        c->pucFilePath = pFileContext->pFilePath;
        c->ulFileSize = pFileContext->fileSize;
        c->ulBlocksRemaining = pFileContext->blocksRemaining;
        c->ulFileAttributes = pFileContext->fileAttributes;
        c->ulServerFileID = pFileContext->serverFileID;
        c->pucJobName = pFileContext->pJobName;
        c->pucStreamName = pFileContext->pStreamName;
        c->pxSignature = &v1Signature;
        c->pucRxBlockBitmap = pFileContext->pRxBlockBitmap;
        c->pucCertFilepath = pFileContext->pCertFilepath;
        c->pucUpdateUrlPath = pFileContext->pUpdateUrlPath;
        c->pucAuthScheme = pFileContext->pAuthScheme;
        c->ulUpdaterVersion = pFileContext->updaterVersion;
        c->bIsInSelfTest = pFileContext->isInSelfTest;
        c->pucProtocols = pFileContext->pProtocols;
    }
}

/*---------------------------- The v3 PAL table ----------------------------*/

static OtaPalStatus_t v1Abort( OtaFileContext_t * const pFileContext )
{
    OTA_Err_t err;

    syncToV1( pFileContext );
    err = callbacks.xAbort( pv1() );

    /* The v1 agent started from a cleared context for every file. */
    ( void ) memset( &v1Context, 0, sizeof( v1Context ) );

    if( pFileContext != NULL )
    {
        pFileContext->pFile = NULL;
    }

    return OTA_V1_ToPalStatus( err, OtaPalFileAbort );
}

static OtaPalStatus_t v1CreateFile( OtaFileContext_t * const pFileContext )
{
    OTA_Err_t err;

    if( pFileContext == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0U );
    }

    ( void ) memset( &v1Context, 0, sizeof( v1Context ) );
    syncToV1( pFileContext );
    err = callbacks.xCreateFileForRx( pv1() );

    if( ( err == kOTA_Err_None ) && v1HasHandle() )
    {
        /* Any non-NULL value: the agent only tests it. */
        pFileContext->pFile = ( otaconfigOTA_FILE_TYPE * ) ( void * ) &v1Context;
    }
    else
    {
        if( err == kOTA_Err_None )
        {
            LogError( ( "v1 PAL: prvPAL_CreateFileForRx succeeded but left no file handle (pucFile / lFileHandle)." ) );
        }

        pFileContext->pFile = NULL;
    }

    return OTA_V1_ToPalStatus( err, OtaPalRxFileCreateFailed );
}

static OtaPalStatus_t v1CloseFile( OtaFileContext_t * const pFileContext )
{
    if( pFileContext == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalNullFileContext, 0U );
    }

    syncToV1( pFileContext );
    return OTA_V1_ToPalStatus( callbacks.xCloseFile( pv1() ), OtaPalFileClose );
}

static int16_t v1WriteBlock( OtaFileContext_t * const pFileContext,
                             uint32_t offset,
                             uint8_t * const pData,
                             uint32_t blockSize )
{
    int16_t written;

    if( ( pFileContext == NULL ) || ( pData == NULL ) || !v1HasHandle() )
    {
        return -1;
    }

    syncToV1( pFileContext );
    written = callbacks.xWriteBlock( pv1(), offset, pData, blockSize );

    if( written < 0 )
    {
        return written;
    }

    /* The v1 agent took any result >= 0 as the whole block (some PALs return
     * the size of their last partial write); report the block to the agent,
     * which compares. Sizes above 32767 wrap, as the agent expects. */
    return ( int16_t ) ( uint16_t ) blockSize;
}

static OtaPalStatus_t v1Activate( OtaFileContext_t * const pFileContext )
{
    uint32_t id = ( pFileContext != NULL ) ? pFileContext->serverFileID : lastServerFileId;

    return OTA_V1_ToPalStatus( callbacks.xActivateNewImage( id ), OtaPalActivateFailed );
}

static OtaPalStatus_t v1Reset( OtaFileContext_t * const pFileContext )
{
    uint32_t id = ( pFileContext != NULL ) ? pFileContext->serverFileID : lastServerFileId;

    return OTA_V1_ToPalStatus( callbacks.xResetDevice( id ), OtaPalActivateFailed );
}

static OtaPalStatus_t v1SetState( OtaFileContext_t * const pFileContext,
                                  OtaImageState_t eState )
{
    uint32_t id = ( pFileContext != NULL ) ? pFileContext->serverFileID : lastServerFileId;
    OtaPalMainStatus_t fallback;

    switch( eState )
    {
        case OtaImageStateAccepted:
            fallback = OtaPalCommitFailed;
            break;

        case OtaImageStateRejected:
            fallback = OtaPalRejectFailed;
            break;

        case OtaImageStateAborted:
            fallback = OtaPalAbortFailed;
            break;

        default:
            fallback = OtaPalBadImageState;
            break;
    }

    /* OtaImageState_t and OTA_ImageState_t have the same values. */
    return OTA_V1_ToPalStatus( callbacks.xSetPlatformImageState( id, ( OTA_ImageState_t ) ( int ) eState ), fallback );
}

static OtaPalImageState_t v1GetState( OtaFileContext_t * const pFileContext )
{
    uint32_t id = ( pFileContext != NULL ) ? pFileContext->serverFileID : lastServerFileId;
    OtaPalImageState_t state;

    switch( ( int ) callbacks.xGetPlatformImageState( id ) )
    {
        case eOTA_PAL_ImageState_PendingCommit:
            state = OtaPalImageStatePendingCommit;
            break;

        case eOTA_PAL_ImageState_Valid:
            state = OtaPalImageStateValid;
            break;

        case eOTA_PAL_ImageState_Unknown:
            state = OtaPalImageStateUnknown;
            break;

        default:
            /* Invalid, or out of range (one v1 PAL ORs errno into Invalid). */
            state = OtaPalImageStateInvalid;
            break;
    }

    return state;
}

void ota_v1_pal_fill_interface( OtaPalInterface_t * pPal )
{
    pPal->abort = v1Abort;
    pPal->createFile = v1CreateFile;
    pPal->closeFile = v1CloseFile;
    pPal->writeBlock = v1WriteBlock;
    pPal->activate = v1Activate;
    pPal->reset = v1Reset;
    pPal->setPlatformImageState = v1SetState;
    pPal->getPlatformImageState = v1GetState;
}

bool OTA_V1_GetPalInterfaceForLayout( OtaPalInterface_t * pPal,
                                      uint32_t layout )
{
    if( pPal == NULL )
    {
        LogError( ( "OTA_V1_GetPalInterface: NULL table." ) );
        return false;
    }

    if( ( layout != OTA_V1_LAYOUT_V1_0 ) && ( layout != OTA_V1_LAYOUT_V1_1 ) )
    {
        LogError( ( "OTA_V1_GetPalInterface: unknown OTA_V1_FILE_CONTEXT_LAYOUT %u (100 or 110).", ( unsigned ) layout ) );
        return false;
    }

    ota_v1_pal_set_layout( layout );
    ota_v1_pal_fill_interface( pPal );
    return true;
}
