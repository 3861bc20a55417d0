/*
 * SPDX-License-Identifier: MIT
 *
 * ota_pal_posix.c - a file-backed OTA PAL for POSIX hosts. See
 * ota_pal_posix.h for the behaviour of each function; this file also serves
 * as a worked example for porting the PAL to another platform.
 *
 * Build: C99 with POSIX.1-2008, link with libota.a (for the signature check)
 * and -lpthread.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ota_pal_posix.h"
#include "ota_signature.h"

/* The signature scheme this PAL verifies: the job document key under which
 * the agent finds the signature. */
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

/* Words stored in the state file. */
#define STATE_WORD_PENDING    "PendingCommit"
#define STATE_WORD_VALID      "Valid"
#define STATE_WORD_INVALID    "Invalid"

/* PAL calls come from the agent task, from the application (image state) and
 * from the OS port's timer thread (reset after a failed self-test). One lock
 * keeps the state file and the settings below consistent between them. */
static pthread_mutex_t palLock = PTHREAD_MUTEX_INITIALIZER;

static char stateFilePath[ OTA_PAL_POSIX_PATH_MAX ]; /* Empty: not set. */
static char verifiedImagePath[ OTA_PAL_POSIX_PATH_MAX ]; /* Empty: none yet. */
static OtaPalActivateHook_t activateHook = NULL;
static OtaPalResetHook_t resetHook = NULL;

/*-----------------------------------------------------------*/

/* otaconfigOTA_FILE_TYPE is FILE on Linux, but uint8_t on other hosts (e.g.
 * macOS); pFile always holds a FILE * here. */
static FILE * fileOf( const OtaFileContext_t * pContext )
{
    return ( FILE * ) pContext->pFile;
}

static void setFile( OtaFileContext_t * pContext,
                     FILE * pFile )
{
    pContext->pFile = ( otaconfigOTA_FILE_TYPE * ) pFile;
}

static const char * pathOf( const OtaFileContext_t * pContext )
{
    return ( const char * ) pContext->pFilePath;
}

static bool hasText( const uint8_t * pText )
{
    return ( pText != NULL ) && ( pText[ 0 ] != 0U );
}

/* Copies a string if it fits; false (dst unchanged) otherwise. */
static bool copyPath( char * pDst,
                      const char * pSrc )
{
    size_t length = strlen( pSrc );
    bool fits = ( length < OTA_PAL_POSIX_PATH_MAX );

    if( fits )
    {
        ( void ) memcpy( pDst, pSrc, length + 1U );
    }

    return fits;
}

/* Caller holds palLock. */
static const char * currentStatePath( void )
{
    const char * pEnv = getenv( OTA_PAL_POSIX_STATE_FILE_ENV );

    if( stateFilePath[ 0 ] != '\0' )
    {
        return stateFilePath;
    }

    if( ( pEnv != NULL ) && ( pEnv[ 0 ] != '\0' ) )
    {
        return pEnv;
    }

    return OTA_PAL_POSIX_DEFAULT_STATE_FILE;
}

/* Caller holds palLock. A missing file is a factory image: Valid. */
static OtaPalImageState_t readState( void )
{
    OtaPalImageState_t state = OtaPalImageStateInvalid;
    char word[ 32 ] = { 0 };
    FILE * pFile = fopen( currentStatePath(), "r" );

    if( pFile == NULL )
    {
        return ( errno == ENOENT ) ? OtaPalImageStateValid : OtaPalImageStateInvalid;
    }

    if( fgets( word, ( int ) sizeof( word ), pFile ) != NULL )
    {
        word[ strcspn( word, "\r\n" ) ] = '\0';

        if( strcmp( word, STATE_WORD_PENDING ) == 0 )
        {
            state = OtaPalImageStatePendingCommit;
        }
        else if( strcmp( word, STATE_WORD_VALID ) == 0 )
        {
            state = OtaPalImageStateValid;
        }
        else
        {
            state = OtaPalImageStateInvalid;
        }
    }

    ( void ) fclose( pFile );

    return state;
}

/* Caller holds palLock. Writes a temporary file and renames it over the
 * state file, so a crash leaves either the old or the new state, never half
 * a word. Returns 0 or an errno value. */
static int writeState( OtaPalImageState_t state )
{
    const char * pPath = currentStatePath();
    const char * pWord = STATE_WORD_INVALID;
    char tmpPath[ OTA_PAL_POSIX_PATH_MAX + 4U ];
    FILE * pFile;
    int err = 0;

    if( state == OtaPalImageStatePendingCommit )
    {
        pWord = STATE_WORD_PENDING;
    }
    else if( state == OtaPalImageStateValid )
    {
        pWord = STATE_WORD_VALID;
    }

    if( snprintf( tmpPath, sizeof( tmpPath ), "%s.tmp", pPath ) >= ( int ) sizeof( tmpPath ) )
    {
        return ENAMETOOLONG;
    }

    pFile = fopen( tmpPath, "w" );

    if( pFile == NULL )
    {
        return errno;
    }

    if( ( fprintf( pFile, "%s\n", pWord ) < 0 ) || ( fflush( pFile ) != 0 ) ||
        ( fsync( fileno( pFile ) ) != 0 ) )
    {
        err = ( errno != 0 ) ? errno : EIO;
    }

    if( ( fclose( pFile ) != 0 ) && ( err == 0 ) )
    {
        err = errno;
    }

    if( ( err == 0 ) && ( rename( tmpPath, pPath ) != 0 ) )
    {
        err = errno;
    }

    if( err != 0 )
    {
        ( void ) remove( tmpPath );
        LogError( ( "PAL: cannot write image state to %s: %s.", pPath, strerror( err ) ) );
    }

    return err;
}

/*-----------------------------------------------------------*/

void otaPal_SetActivateHook( OtaPalActivateHook_t hook )
{
    ( void ) pthread_mutex_lock( &palLock );
    activateHook = hook;
    ( void ) pthread_mutex_unlock( &palLock );
}

void otaPal_SetResetHook( OtaPalResetHook_t hook )
{
    ( void ) pthread_mutex_lock( &palLock );
    resetHook = hook;
    ( void ) pthread_mutex_unlock( &palLock );
}

bool otaPal_SetStateFilePath( const char * pPath )
{
    bool ok = true;

    ( void ) pthread_mutex_lock( &palLock );

    if( pPath == NULL )
    {
        stateFilePath[ 0 ] = '\0';
    }
    else
    {
        ok = copyPath( stateFilePath, pPath );
    }

    ( void ) pthread_mutex_unlock( &palLock );

    return ok;
}

/*-----------------------------------------------------------*/

OtaPalStatus_t otaPal_Abort( OtaFileContext_t * const pFileContext )
{
    OtaPalStatus_t result = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );

    if( pFileContext == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalFileAbort, EINVAL );
    }

    if( fileOf( pFileContext ) != NULL )
    {
        if( fclose( fileOf( pFileContext ) ) != 0 )
        {
            result = OTA_PAL_COMBINE_ERR( OtaPalFileAbort, errno );
        }

        setFile( pFileContext, NULL );

        /* A partial file is of no use to anyone. */
        if( hasText( pFileContext->pFilePath ) )
        {
            ( void ) remove( pathOf( pFileContext ) );
        }

        LogInfo( ( "PAL: transfer aborted." ) );
    }

    return result;
}

OtaPalStatus_t otaPal_CreateFileForRx( OtaFileContext_t * const pFileContext )
{
    FILE * pFile;

    if( ( pFileContext == NULL ) || !hasText( pFileContext->pFilePath ) )
    {
        LogError( ( "PAL: cannot create the receive file: no path." ) );
        return OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, EINVAL );
    }

    /* A file left open by an earlier transfer would leak its handle. */
    if( fileOf( pFileContext ) != NULL )
    {
        ( void ) fclose( fileOf( pFileContext ) );
        setFile( pFileContext, NULL );
    }

    /* "wb+": create or truncate, and allow reading back. */
    pFile = fopen( pathOf( pFileContext ), "wb+" );

    if( pFile == NULL )
    {
        int err = errno;

        LogError( ( "PAL: cannot create %s: %s.", pathOf( pFileContext ), strerror( err ) ) );
        return OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, err );
    }

    setFile( pFileContext, pFile );
    LogInfo( ( "PAL: receiving into %s.", pathOf( pFileContext ) ) );

    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
}

int16_t otaPal_WriteBlock( OtaFileContext_t * const pFileContext,
                           uint32_t offset,
                           uint8_t * const pData,
                           uint32_t blockSize )
{
    FILE * pFile = ( pFileContext != NULL ) ? fileOf( pFileContext ) : NULL;

    if( ( pFile == NULL ) || ( pData == NULL ) || ( blockSize > ( uint32_t ) INT16_MAX ) )
    {
        LogError( ( "PAL: cannot write block at %lu: %s.", ( unsigned long ) offset,
                    ( pFile == NULL ) ? "no open file" :
                    ( pData == NULL ) ? "no data" : "block too large" ) );
        return -1;
    }

    /* fseek takes a long, which is 32 bits on ILP32 hosts. */
    #if LONG_MAX < 0xFFFFFFFF
        if( offset > ( uint32_t ) LONG_MAX )
        {
            LogError( ( "PAL: offset %lu out of range.", ( unsigned long ) offset ) );
            return -1;
        }
    #endif

    if( fseek( pFile, ( long ) offset, SEEK_SET ) != 0 )
    {
        LogError( ( "PAL: cannot seek to %lu.", ( unsigned long ) offset ) );
        return -1;
    }

    /* Nothing is hashed here: blocks arrive in any order, so the file is
     * hashed once, complete, in otaPal_CloseFile. */
    if( fwrite( pData, 1U, ( size_t ) blockSize, pFile ) != ( size_t ) blockSize )
    {
        LogError( ( "PAL: short write at %lu: %s.", ( unsigned long ) offset, strerror( errno ) ) );
        return -1;
    }

    return ( int16_t ) blockSize;
}

OtaPalStatus_t otaPal_CloseFile( OtaFileContext_t * const pFileContext )
{
    OtaPalStatus_t result = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    FILE * pFile;

    if( ( pFileContext == NULL ) || ( fileOf( pFileContext ) == NULL ) )
    {
        LogError( ( "PAL: close without an open file." ) );
        return OTA_PAL_COMBINE_ERR( OtaPalFileClose, EINVAL );
    }

    pFile = fileOf( pFileContext );

    /* The check reads the file by name, so everything must be on disk. */
    if( fflush( pFile ) != 0 )
    {
        result = OTA_PAL_COMBINE_ERR( OtaPalFileClose, errno );
    }
    else if( ( pFileContext->pSignature == NULL ) ||
             ( pFileContext->pSignature->size > sizeof( pFileContext->pSignature->data ) ) )
    {
        result = OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed,
                                      ( pFileContext->pSignature == NULL ) ?
                                      OTA_SIG_ERR_SIGNATURE_MISSING : OTA_SIG_ERR_SIGNATURE_ENCODING );
    }
    else if( !hasText( pFileContext->pCertFilepath ) )
    {
        result = OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_MISSING );
    }
    else
    {
        result = OTA_VerifyFileSignatureP256( pathOf( pFileContext ),
                                              ( const char * ) pFileContext->pCertFilepath,
                                              pFileContext->pSignature->data,
                                              pFileContext->pSignature->size );
    }

    /* Closed whatever the outcome: the agent forgets the handle either way. */
    if( ( fclose( pFile ) != 0 ) && ( OTA_PAL_MAIN_ERR( result ) == OtaPalSuccess ) )
    {
        result = OTA_PAL_COMBINE_ERR( OtaPalFileClose, errno );
    }

    setFile( pFileContext, NULL );

    if( OTA_PAL_MAIN_ERR( result ) == OtaPalSuccess )
    {
        bool remembered;

        ( void ) pthread_mutex_lock( &palLock );
        remembered = copyPath( verifiedImagePath, pathOf( pFileContext ) );
        ( void ) pthread_mutex_unlock( &palLock );

        if( !remembered )
        {
            LogWarn( ( "PAL: image path too long to activate later." ) );
        }

        LogInfo( ( "PAL: %s signature of %s verified.", OTA_JsonFileSignatureKey, pathOf( pFileContext ) ) );
    }
    else
    {
        /* An unverified image must not be left where it could be started. */
        ( void ) remove( pathOf( pFileContext ) );
        LogError( ( "PAL: %s rejected and deleted (status 0x%08lx).", pathOf( pFileContext ),
                    ( unsigned long ) result ) );
    }

    return result;
}

OtaPalStatus_t otaPal_ActivateNewImage( OtaFileContext_t * const pFileContext )
{
    char imagePath[ OTA_PAL_POSIX_PATH_MAX ];
    OtaPalActivateHook_t hook;
    int err = EINVAL;

    ( void ) pFileContext; /* The agent may already have cleared its path. */

    ( void ) pthread_mutex_lock( &palLock );

    if( verifiedImagePath[ 0 ] != '\0' )
    {
        ( void ) memcpy( imagePath, verifiedImagePath, sizeof( imagePath ) );
        err = writeState( OtaPalImageStatePendingCommit );
    }

    hook = activateHook;
    ( void ) pthread_mutex_unlock( &palLock );

    if( err != 0 )
    {
        LogError( ( "PAL: cannot activate: %s.",
                    ( err == EINVAL ) ? "no verified image" : strerror( err ) ) );
        return OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, err );
    }

    LogInfo( ( "PAL: %s is pending commit; activating.", imagePath ) );

    /* Called without the lock: a hook that exec's never comes back to
     * release it, and one that returns may call into the PAL. */
    if( hook != NULL )
    {
        hook( imagePath );
    }

    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
}

OtaPalStatus_t otaPal_ResetDevice( OtaFileContext_t * const pFileContext )
{
    OtaPalResetHook_t hook;

    ( void ) pFileContext;

    ( void ) pthread_mutex_lock( &palLock );

    /* Like a bootloader: an image that was never committed does not survive
     * a reset. */
    if( readState() == OtaPalImageStatePendingCommit )
    {
        LogWarn( ( "PAL: reset while the new image is pending commit: rolling back." ) );
        ( void ) writeState( OtaPalImageStateInvalid );
    }

    hook = resetHook;
    ( void ) pthread_mutex_unlock( &palLock );

    LogInfo( ( "PAL: device reset requested." ) );

    if( hook != NULL )
    {
        hook();
    }

    return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
}

OtaPalStatus_t otaPal_SetPlatformImageState( OtaFileContext_t * const pFileContext,
                                             OtaImageState_t eState )
{
    OtaPalStatus_t result = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );
    int err;

    ( void ) pFileContext;

    ( void ) pthread_mutex_lock( &palLock );

    switch( eState )
    {
        case OtaImageStateTesting:
            /* The image became pending when it was activated; the self test
             * does not change that. */
            break;

        case OtaImageStateAccepted:

            if( readState() != OtaPalImageStatePendingCommit )
            {
                /* Nothing to commit: the running image is not a new one. */
                result = OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, EINVAL );
            }
            else
            {
                err = writeState( OtaPalImageStateValid );

                if( err != 0 )
                {
                    result = OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, err );
                }
            }

            break;

        case OtaImageStateRejected:
        case OtaImageStateAborted:
            err = writeState( OtaPalImageStateInvalid );

            if( err != 0 )
            {
                result = OTA_PAL_COMBINE_ERR( ( eState == OtaImageStateRejected ) ?
                                              OtaPalRejectFailed : OtaPalAbortFailed, err );
            }

            break;

        default:
            result = OTA_PAL_COMBINE_ERR( OtaPalBadImageState, 0 );
            break;
    }

    ( void ) pthread_mutex_unlock( &palLock );

    if( OTA_PAL_MAIN_ERR( result ) != OtaPalSuccess )
    {
        LogError( ( "PAL: cannot set image state %d (status 0x%08lx).", ( int ) eState,
                    ( unsigned long ) result ) );
    }

    return result;
}

OtaPalImageState_t otaPal_GetPlatformImageState( OtaFileContext_t * const pFileContext )
{
    OtaPalImageState_t state;

    ( void ) pFileContext;

    ( void ) pthread_mutex_lock( &palLock );
    state = readState();
    ( void ) pthread_mutex_unlock( &palLock );

    return state;
}
